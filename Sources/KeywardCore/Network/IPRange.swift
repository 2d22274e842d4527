/// A CIDR range (`10.0.0.0/8`, `2001:db8::/32`), or one address (`/32`, `/128`).
/// IPv4 ranges are held in their IPv4-mapped IPv6 form, like `IPAddress`, so an
/// IPv4-mapped peer (`::ffff:10.1.2.3`) matches `10.0.0.0/8`.
public struct IPRange: Hashable, Sendable, CustomStringConvertible {
    /// The network address, its host bits cleared.
    public let network: IPAddress
    /// The prefix length over the 128-bit form (an IPv4 `/8` is 104).
    public let prefixLength: Int
    public let description: String

    /// Parses `ADDRESS` or `ADDRESS/PREFIX`; the error names `field` and says what is wrong.
    public init(parsing text: String, field: String) throws(KeywardError) {
        guard text.utf8.count <= 64 else { throw KeywardError(.invalidField, "a CIDR range is at most 64 bytes", field: field) }
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else {
            throw KeywardError(.invalidField, "expected an IPv4 or IPv6 address or CIDR range such as 10.0.0.0/8", field: field)
        }
        let width = address.isIPv4 && !parts[0].contains(":") ? 32 : 128
        var length = width
        if parts.count == 2 {
            guard let given = Int(parts[1]), parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), (0...width).contains(given) else {
                throw KeywardError(.invalidField, "the prefix length after / must be a whole number from 0 to \(width)", field: field)
            }
            length = given
        }
        let prefix = length + (128 - width)
        self.network = address.masked(to: prefix)
        self.prefixLength = prefix
        self.description = "\(network)/\(length)"
    }

    public func contains(_ address: IPAddress) -> Bool {
        address.masked(to: prefixLength) == network
    }
}
