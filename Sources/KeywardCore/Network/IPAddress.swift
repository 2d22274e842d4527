#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as 128 bits; IPv4 addresses are kept in their
/// IPv4-mapped IPv6 form (`::ffff:a.b.c.d`) so that both compare alike.
///
/// Two addresses are equal when their bits are, whatever text they were read
/// from (`::1` and `0:0::1`, `10.0.0.1` and `::ffff:10.0.0.1`), and the text
/// of one is always the same canonical form: a source cannot split its
/// counts by spelling its address another way. Held inline (two words, no
/// allocation), since every request of `/v1/auth` makes one.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// The first and last 64 bits, in network order.
    public let high: UInt64
    public let low: UInt64

    /// The IPv4-mapped prefix in the low word: `::ffff:0:0/96`.
    private static let mappedMarker: UInt64 = 0xFFFF_0000_0000

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The IPv4 address of four octets, in its mapped form.
    public init(ipv4 octets: (UInt8, UInt8, UInt8, UInt8)) {
        let value = UInt64(octets.0) << 24 | UInt64(octets.1) << 16 | UInt64(octets.2) << 8 | UInt64(octets.3)
        self.init(high: 0, low: Self.mappedMarker | value)
    }

    /// Parses dotted IPv4 or IPv6 text; nil when it is neither.
    public init?(_ text: String) {
        // inet_pton reads a C string: text after a NUL would be ignored, not refused.
        guard text.utf8.count <= 64, !text.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(ipv4: withUnsafeBytes(of: &v4) { ($0[0], $0[1], $0[2], $0[3]) })
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        self.init(networkOrder: withUnsafeBytes(of: &v6) { Array($0) })
    }

    /// The address of 16 bytes in network order (IPv4 in its mapped form).
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16, "an IPAddress is 16 bytes")
        self.init(networkOrder: bytes)
    }

    private init(networkOrder bytes: [UInt8]) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        self.init(high: high, low: low)
    }

    /// The 16 bytes in network order.
    public var bytes: [UInt8] {
        (0..<16).map { index in
            let word = index < 8 ? high : low
            return UInt8(truncatingIfNeeded: word >> (UInt64(7 - index % 8) * 8))
        }
    }

    /// Whether this is an IPv4 address (or an IPv4-mapped IPv6 one).
    public var isIPv4: Bool { high == 0 && low >> 32 == 0xFFFF }

    /// The address with every bit after the first `prefixLength` cleared.
    public func masked(to prefixLength: Int) -> IPAddress {
        let length = max(0, min(128, prefixLength))
        return IPAddress(high: high & Self.mask(length), low: low & Self.mask(length - 64))
    }

    /// The first `bits` bits of a word set (none for 0 or less, all for 64 or more).
    private static func mask(_ bits: Int) -> UInt64 {
        if bits <= 0 { return 0 }
        if bits >= 64 { return .max }
        return ~(UInt64.max >> UInt64(bits))
    }

    /// Dotted for IPv4, RFC 5952 text for IPv6.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let bytes = self.bytes
        if isIPv4 {
            var v4 = in_addr()
            withUnsafeMutableBytes(of: &v4) { $0.copyBytes(from: bytes[12..<16]) }
            inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count))
        } else {
            var v6 = in6_addr()
            withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
            inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
