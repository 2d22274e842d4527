import KeywardCore
import Testing

@Suite("API key properties")
struct APIKeyPropertyTests {
    static let others: [UInt8] = Array("_-.:/+= \t\n!~".utf8) + [0, 0x7F, 0xC3]

    @Test("100,000 generated keys parse, and every one-character change is refused")
    func generatedKeysAndSingleChanges() throws {
        var generator = SeededGenerator(seed: 0x4B57)
        let prefixes = [KeyPrefix.defaultKeyspace, try KeyPrefix(keyspacePrefix: "acme_live"), KeyPrefix.managementToken]
        var failures: [String] = []
        for round in 0..<100_000 {
            let key = APIKey.generate(prefix: prefixes[round % prefixes.count], using: &generator)
            var bytes = Array(key.secret.utf8)
            guard bytes.count == key.prefix.utf8.count + 50, APIKey(parsing: key.secret)?.secret == key.secret else {
                failures.append("key \(round) does not parse")
                continue
            }
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            let original = bytes[position]
            var replacement = original
            if round % 4 == 3 {
                replacement = Self.others.randomElement(using: &generator)!
            }
            while replacement == original {
                replacement = Base62.alphabet.randomElement(using: &generator)!
            }
            bytes[position] = replacement
            let changed = String(decoding: bytes, as: UTF8.self)
            if APIKey(parsing: changed) != nil {
                failures.append("a change at \(position) of key \(round) was accepted")
            }
            if failures.count > 10 { break }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("swapping two different adjacent characters of the body is refused")
    func transpositions() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<5_000 {
            let key = APIKey.generate(prefix: .defaultKeyspace, using: &generator)
            var bytes = Array(key.secret.utf8)
            let position = Int.random(in: 3..<(bytes.count - 1), using: &generator)
            guard bytes[position] != bytes[position + 1] else { continue }
            bytes.swapAt(position, position + 1)
            #expect(APIKey(parsing: String(decoding: bytes, as: UTF8.self)) == nil)
        }
    }

    @Test("fuzz: random texts never crash and almost never parse")
    func fuzzRandomTexts() {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<20_000 {
            let text = FuzzText.make(length: Int.random(in: 0..<80, using: &generator), using: &generator)
            #expect(APIKey(parsing: text) == nil)
        }
    }

    @Test("fuzz: key-shaped texts with random bodies only parse with the right checksum")
    func fuzzKeyShaped() {
        var generator = SeededGenerator(seed: 100)
        var accepted = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 45...52, using: &generator)
            let body = Base62.random(count: length, using: &generator)
            let text = "kw_" + body
            if let key = APIKey(parsing: text) {
                accepted += 1
                let head = String(text.utf8.dropLast(6))!
                #expect(key.secret.hasSuffix(Base62.encode(UInt64(CRC32.checksum(head)), width: 6)))
            }
        }
        // A random 6-digit tail matches a CRC with probability below 2^-32.
        #expect(accepted == 0)
    }
}
