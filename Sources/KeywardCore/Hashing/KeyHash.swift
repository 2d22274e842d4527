/// The keyed hash of a key or token: `HMAC-SHA256(pepper, key)`, 32 bytes.
/// This, never the key, is what the store holds and what caches are keyed by.
public struct KeyHash: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes as four words, each read in network order: held inline, so
    /// a hash costs no allocation and a cache lookup hashes four words.
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt64
    private let w3: UInt64

    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.init(verified: bytes)
    }

    init(verified bytes: some Collection<UInt8>) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in bytes.enumerated() {
            switch index / 8 {
            case 0: words.0 = words.0 << 8 | UInt64(byte)
            case 1: words.1 = words.1 << 8 | UInt64(byte)
            case 2: words.2 = words.2 << 8 | UInt64(byte)
            default: words.3 = words.3 << 8 | UInt64(byte)
            }
        }
        (w0, w1, w2, w3) = words
    }

    /// The 32 bytes.
    public var bytes: [UInt8] {
        (0..<32).map { index in UInt8(truncatingIfNeeded: word(index / 8) >> (UInt64(7 - index % 8) * 8)) }
    }

    /// Word `index` (0 to 3) of the hash: bits a filter may probe without copying.
    public func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        default: w3
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(w3)
    }

    /// In constant time: a hash is the pepper's HMAC of a secret, and whether two
    /// agree must not show, by when the answer comes, how far they agree.
    public static func == (lhs: KeyHash, rhs: KeyHash) -> Bool {
        ((lhs.w0 ^ rhs.w0) | (lhs.w1 ^ rhs.w1) | (lhs.w2 ^ rhs.w2) | (lhs.w3 ^ rhs.w3)) == 0
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
