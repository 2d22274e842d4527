/// Lines that a rule must find (`positives`) and must not find (`negatives`).
public struct RuleSamples: Sendable {
    public var positives: [String]
    public var negatives: [String]
    /// For a file rule: the path the samples are scanned as.
    public var path: String?

    public init(positives: [String], negatives: [String], path: String? = nil) {
        self.positives = positives
        self.negatives = negatives
        self.path = path
    }

    /// Samples for a prefix token: a random body of the right length is found,
    /// one too short is not.
    public static func generated(for shape: TokenShape, fix: (@Sendable (String) -> String)? = nil) -> RuleSamples {
        let alphabet = Array(shape.body.members.filter { SampleText.isAlphanumeric($0) })
        let good = shape.prefix + SampleText.random(from: alphabet, count: shape.length.lowerBound)
        let token = fix?(good) ?? good
        let short = shape.prefix + SampleText.random(from: alphabet, count: max(1, shape.length.lowerBound / 2))
        return RuleSamples(
            positives: ["token = \"\(token)\"", "export CREDENTIAL=\(token)"],
            negatives: ["value = \"\(short)\"", "x\(token)"]
        )
    }
}

/// Random sample text for rule samples.
public enum SampleText {
    public static func random(from alphabet: [UInt8], count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        for _ in 0..<count {
            bytes.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func random(_ set: ByteSet, count: Int) -> String {
        random(from: Array(set.members), count: count)
    }

    /// A password as a generator makes one: letters and digits with a symbol inside.
    public static func password() -> String {
        random(.base62, count: 11) + "7!" + random(.base62, count: 5)
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool { ByteSet.base62.contains(byte) }
}

extension ByteSet {
    /// The bytes in the set, in order.
    public var members: [UInt8] { (0...255).map(UInt8.init).filter { contains($0) } }
}
