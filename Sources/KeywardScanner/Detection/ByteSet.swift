/// A set of bytes as a 256-bit mask: membership is two shifts and an `and`.
public struct ByteSet: Sendable, Hashable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init() {}

    /// The bytes of `characters` (ASCII).
    public init(_ characters: String) {
        for byte in characters.utf8 { insert(byte) }
    }

    public mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    @inline(__always)
    public func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }

    public func union(_ other: ByteSet) -> ByteSet {
        var result = self
        result.words.0 |= other.words.0
        result.words.1 |= other.words.1
        result.words.2 |= other.words.2
        result.words.3 |= other.words.3
        return result
    }

    public static func == (lhs: ByteSet, rhs: ByteSet) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

extension ByteSet {
    public static let digits = ByteSet("0123456789")
    public static let upper = ByteSet("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    public static let lower = ByteSet("abcdefghijklmnopqrstuvwxyz")
    public static let base62 = digits.union(upper).union(lower)
    public static let hexLower = ByteSet("0123456789abcdef")
    public static let hex = ByteSet("0123456789abcdefABCDEF")
    /// Base64url: base62 and `-`, `_`.
    public static let base64URL = base62.union(ByteSet("-_"))
    /// Standard base64: base62 and `+`, `/`, `=`.
    public static let base64 = base62.union(ByteSet("+/="))
    /// Characters that may continue an identifier or a token: a secret must not
    /// be glued to one of these on its left.
    public static let word = base62.union(ByteSet("_"))
}
