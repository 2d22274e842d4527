#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as 16 bytes; IPv4 addresses are kept in their
/// IPv4-mapped IPv6 form (`::ffff:a.b.c.d`) so that both compare alike.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let text: String

    /// Parses dotted IPv4 or IPv6 text; nil when it is neither.
    public init?(_ text: String) {
        // inet_pton reads a C string: text after a NUL would be ignored, not refused.
        guard text.utf8.count <= 64, !text.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let octets = withUnsafeBytes(of: &v4) { Array($0) }
            self.bytes = Array(repeating: 0, count: 10) + [0xFF, 0xFF] + octets
            self.text = text
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            self.text = text
            return
        }
        return nil
    }

    /// Whether this is an IPv4 address (or an IPv4-mapped IPv6 one).
    public var isIPv4: Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    public var description: String { text }
}
