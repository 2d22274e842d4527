/// SplitMix64: a small deterministic generator so property tests and fuzzers
/// replay the same inputs on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random text for fuzzing: mostly characters that matter to the parsers, some
/// arbitrary Unicode scalars.
enum FuzzText {
    static let interesting: [Character] = Array("0123456789azAZ_:*() \t-./smhdwANDOR\u{0}\u{301}é漢🔑")

    static func make(length: Int, using generator: inout SeededGenerator) -> String {
        var text = ""
        for _ in 0..<length {
            if Int.random(in: 0..<8, using: &generator) == 0 {
                let value = UInt32.random(in: 1...0x10_FFFF, using: &generator)
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            } else {
                text.append(interesting.randomElement(using: &generator)!)
            }
        }
        return text
    }
}
