/// The network an address belongs to for the new-network detector (SPEC §9):
/// its /24 for IPv4, its /48 for IPv6, the sizes a customer's site or a cloud
/// region usually has.
public enum NetworkPrefix {
    public static let ipv4Length = 24
    public static let ipv6Length = 48

    /// The network of `address`, as a range (`203.0.113.0/24`, `2001:db8:1::/48`).
    public static func of(_ address: IPAddress) -> IPAddress {
        // An IPv4 address sits in the last 32 of the 128 bits (IPv4-mapped).
        address.masked(to: address.isIPv4 ? 96 + ipv4Length : ipv6Length)
    }

    /// The text of the network of `address`.
    public static func text(of address: IPAddress) -> String {
        let network = of(address)
        return "\(network)/\(address.isIPv4 ? ipv4Length : ipv6Length)"
    }
}
