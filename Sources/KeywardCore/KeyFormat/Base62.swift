/// Base62 with the alphabet `0-9A-Za-z`, as used by Keyward keys, GitHub tokens
/// and npm tokens.
public enum Base62 {
    /// The 62 digits in order of value.
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The value of an ASCII digit, or nil when `byte` is not a base62 digit.
    @inlinable
    public static func value(of byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(byte - UInt8(ascii: "A")) + 10
        case UInt8(ascii: "a")...UInt8(ascii: "z"): Int(byte - UInt8(ascii: "a")) + 36
        default: nil
        }
    }

    /// Whether `byte` is one of the 62 digits.
    @inlinable
    public static func isDigit(_ byte: UInt8) -> Bool {
        value(of: byte) != nil
    }

    /// `number` in base62, most significant digit first, left-padded with `0`
    /// to `width` digits. Digits beyond `width` are kept (the result is then longer).
    public static func encode(_ number: UInt64, width: Int) -> String {
        var digits: [UInt8] = []
        var rest = number
        repeat {
            digits.append(alphabet[Int(rest % 62)])
            rest /= 62
        } while rest > 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }

    /// The number that `text` spells in base62, or nil when it holds another
    /// character or overflows 64 bits.
    public static func decode<Digits: Sequence>(_ text: Digits) -> UInt64? where Digits.Element == UInt8 {
        var number: UInt64 = 0
        for byte in text {
            guard let digit = value(of: byte) else { return nil }
            let (shifted, overflow1) = number.multipliedReportingOverflow(by: 62)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(digit))
            if overflow1 || overflow2 { return nil }
            number = sum
        }
        return number
    }

    /// `count` digits drawn uniformly from the alphabet using `generator`
    /// (rejection sampling, so no digit is more likely than another).
    public static func random<Generator: RandomNumberGenerator>(count: Int, using generator: inout Generator) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(count)
        while digits.count < count {
            let word = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) where digits.count < count {
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                // 248 = 4 * 62: bytes at or above it would bias the low digits.
                if byte < 248 { digits.append(alphabet[Int(byte % 62)]) }
            }
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// `count` digits from the system's cryptographically secure generator.
    public static func random(count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return random(count: count, using: &generator)
    }
}
