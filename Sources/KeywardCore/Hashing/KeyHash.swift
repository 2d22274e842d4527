/// The keyed hash of a key or token: `HMAC-SHA256(pepper, key)`, 32 bytes.
/// This, never the key, is what the store holds and what caches are keyed by.
public struct KeyHash: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// In constant time: a hash is the pepper's HMAC of a secret, and whether two
    /// agree must not show, by when the answer comes, how far they agree.
    public static func == (lhs: KeyHash, rhs: KeyHash) -> Bool { constantTimeEquals(lhs.bytes, rhs.bytes) }

    init(verified bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Lower-case hex, for logs of hashes in tests and debugging.
    public var hex: String {
        bytes.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    public var description: String { "KeyHash(\(hex.prefix(8))…)" }
}
