import Foundation

/// A webhook's address, checked when it is given: `http` or `https`, a host,
/// no credentials, at most 2,048 bytes, and (unless private webhooks are
/// allowed) no link-local or cloud-metadata address (SPEC §9; docs/monitoring.md).
/// Loopback and private ranges are allowed: receivers often live there.
public struct WebhookURL: Sendable, Hashable, CustomStringConvertible {
    public static let maximumBytes = 2048

    /// The URL as given.
    public let text: String
    /// The host, lower-cased, without brackets or a trailing dot.
    public let host: String
    public let isHTTPS: Bool

    public var description: String { text }

    /// Parses `text`; every refusal is an `INVALID_FIELD` naming `field`.
    public init(parsing text: String, field: String = "url", allowPrivate: Bool = false) throws(KeywardError) {
        func refuse(_ message: String) -> KeywardError { KeywardError(.invalidField, message, field: field) }
        guard text.utf8.count <= Self.maximumBytes else { throw refuse("a webhook URL is at most \(Self.maximumBytes) bytes") }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
            let components = URLComponents(string: text), let scheme = components.scheme?.lowercased()
        else { throw refuse("not a URL; give one such as https://alerts.example.com/keyward") }
        guard scheme == "https" || scheme == "http" else { throw refuse("a webhook URL is http or https, not \(scheme)") }
        guard components.user == nil, components.password == nil else {
            throw refuse("a webhook URL must not hold a user or password; receivers check the Keyward-Signature header instead")
        }
        guard components.fragment == nil else { throw refuse("a webhook URL has no #fragment") }
        var host = (components.host ?? "").lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { throw refuse("a webhook URL needs a host") }
        guard !host.contains("%") else { throw refuse("a webhook URL's host has no zone or percent-escape") }
        if let port = components.port, !(1...65535).contains(port) { throw refuse("the port must be from 1 to 65535") }
        if !allowPrivate, let reason = WebhookAddressPolicy.refusal(host: host) {
            throw refuse("\(reason); serve --allow-private-webhooks permits it")
        }
        self.text = text
        self.host = host
        self.isHTTPS = scheme == "https"
    }
}

/// Which receivers a webhook may not reach unless `--allow-private-webhooks`:
/// link-local addresses (169.254.0.0/16, fe80::/10, where cloud metadata
/// services answer), the metadata services at other addresses, their host
/// names, and the unspecified address. Checked at creation for literal
/// addresses and names, and again at delivery for what a name resolves to.
public enum WebhookAddressPolicy {
    /// Host names of cloud metadata services.
    static let metadataNames: Set<String> = [
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
        "metadata.azure.internal", "metadata.packet.net",
    ]

    /// Metadata services outside link-local space: Alibaba Cloud's, AWS's IPv6 one.
    static let metadataAddresses: [IPAddress] = ["100.100.100.200", "fd00:ec2::254"].compactMap { IPAddress($0) }

    /// Why `host` (a name or an address literal) is refused, or nil.
    public static func refusal(host: String) -> String? {
        if let address = IPAddress(host) { return refusal(address) }
        if metadataNames.contains(host) { return "\(host) is a cloud metadata service" }
        return nil
    }

    /// Why `address` is refused, or nil.
    public static func refusal(_ address: IPAddress) -> String? {
        if let embedded = embeddedIPv4(address), embedded != address { return refusal(embedded) }
        if metadataAddresses.contains(address) { return "\(address) is a cloud metadata service" }
        if address.isIPv4 {
            let octets = address.bytes[12...]
            if octets.first == 169 && octets.dropFirst().first == 254 { return "\(address) is link-local (169.254.0.0/16, cloud metadata)" }
            if octets.first == 0 { return "\(address) is not a receiver's address (0.0.0.0/8)" }
            return nil
        }
        if address.high >> 54 == 0x3FA { return "\(address) is link-local (fe80::/10)" }
        if address.high == 0 && address.low == 0 { return "\(address) is the unspecified address" }
        return nil
    }

    /// The IPv4 address inside a NAT64 address (64:ff9b::/96), so one cannot
    /// reach 169.254.169.254 spelled as IPv6.
    static func embeddedIPv4(_ address: IPAddress) -> IPAddress? {
        guard address.high == 0x0064_FF9B_0000_0000, address.low >> 32 == 0 else { return nil }
        let value = address.low & 0xFFFF_FFFF
        return IPAddress(ipv4: (UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)))
    }
}
