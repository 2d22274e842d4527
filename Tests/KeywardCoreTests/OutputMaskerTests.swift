import KeywardCore
import Testing

@Suite("Output masking")
struct OutputMaskerTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Runs `chunks` through a fresh masker for `secrets` and returns everything it emitted.
    private func mask(_ secrets: [[UInt8]], _ chunks: [[UInt8]]) -> [UInt8] {
        var masker = OutputMasker(secrets: secrets)
        var output: [UInt8] = []
        for chunk in chunks { output += masker.feed(chunk) }
        return output + masker.finish()
    }

    private func mask(_ secrets: [String], _ chunks: [String]) -> String {
        String(decoding: mask(secrets.map(bytes), chunks.map(bytes)), as: UTF8.self)
    }

    /// The rule, on the whole text at once: left to right, the longest secret at each position.
    private func reference(_ text: [UInt8], _ secrets: [[UInt8]]) -> [UInt8] {
        let byFirstByte = Dictionary(grouping: secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }) { $0[0] }
        var output: [UInt8] = []
        var position = 0
        while position < text.count {
            if let secret = byFirstByte[text[position]]?.first(where: { text[position...].starts(with: $0) }) {
                output += Array("***".utf8)
                position += secret.count
            } else {
                output.append(text[position])
                position += 1
            }
        }
        return output
    }

    // MARK: - Examples

    @Test("secrets in one chunk are replaced")
    func oneChunk() {
        #expect(mask(["abc123"], ["token=abc123 and abc123."]) == "token=*** and ***.")
        #expect(mask(["abc123"], ["abc123"]) == "***")
        #expect(mask(["abc123"], ["abc123abc123"]) == "******")
        #expect(mask(["abc123"], ["abc12 abc1234"]) == "abc12 ***4")
        #expect(mask(["abc123"], ["nothing here\n"]) == "nothing here\n")
    }

    @Test("without secrets, or with empty ones only, bytes pass through at once")
    func noSecrets() {
        for secrets in [[], [[]], [[], []]] as [[[UInt8]]] {
            var masker = OutputMasker(secrets: secrets)
            #expect(masker.longestSecret == 0)
            #expect(masker.feed(bytes("abc")) == bytes("abc"))
            #expect(masker.feed([]) == [])
            #expect(masker.finish() == [])
        }
        #expect(mask(["", "x"], ["axbx"]) == "a***b***")
    }

    @Test("duplicate secrets are fine")
    func duplicates() {
        #expect(mask(["pw", "pw", "pw"], ["a pw b pw"]) == "a *** b ***")
    }

    @Test("a secret split at every possible position across two chunks is replaced")
    func everySplit() {
        let text = bytes("before SECRETVALUE middle SECRETVALUE after")
        let expected = bytes("before *** middle *** after")
        for split in 0...text.count {
            let chunks = [Array(text[..<split]), Array(text[split...])]
            #expect(mask([bytes("SECRETVALUE")], chunks) == expected, "split at \(split)")
        }
    }

    @Test("a secret split at every pair of positions across three chunks is replaced")
    func everyDoubleSplit() {
        let text = bytes("xSECRETySECRET")
        for first in 0...text.count {
            for second in first...text.count {
                let chunks = [Array(text[..<first]), Array(text[first..<second]), Array(text[second...])]
                #expect(mask([bytes("SECRET")], chunks) == bytes("x***y***"), "splits at \(first), \(second)")
            }
        }
    }

    @Test("single-byte chunks")
    func singleBytes() {
        let text = bytes("key: SECRETVALUE, again SECRETVALU and SECRETVALUE")
        #expect(mask([bytes("SECRETVALUE")], text.map { [$0] }) == bytes("key: ***, again SECRETVALU and ***"))
    }

    @Test("several secrets")
    func severalSecrets() {
        let secrets = ["alpha", "bravo", "charlie", "b"]
        #expect(mask(secrets, ["alpha bravo charlie delta"]) == "*** *** *** delta")
        #expect(mask(secrets, ["alphabravo", "charl", "ie!"]) == "*********!")
    }

    @Test("the longest secret that matches at a position wins")
    func prefixSecrets() {
        let secrets = ["abc", "abcdef"]
        #expect(mask(secrets, ["xabcdefy"]) == "x***y")
        #expect(mask(secrets, ["xabcdey"]) == "x***dey")
        #expect(mask(secrets, ["abcabcdef"]) == "******")
        #expect(mask(secrets, ["abcde"]) == "***de")
        let text = bytes("xabcdefy abcde abcabcdef")
        for split in 0...text.count {
            #expect(mask(secrets.map(bytes), [Array(text[..<split]), Array(text[split...])]) == bytes("x***y ***de ******"))
        }
        #expect(mask(secrets.map(bytes), text.map { [$0] }) == bytes("x***y ***de ******"))
    }

    @Test("overlapping occurrences are replaced left to right without overlap")
    func overlapping() {
        #expect(mask(["aab"], ["aaab"]) == "a***")
        #expect(mask(["aab"], ["a", "a", "a", "b"]) == "a***")
        #expect(mask(["aab"], ["aaaab", "aab"]) == "aa******")
        #expect(mask(["abcd", "cdef"], ["abcdef"]) == "***ef")
        #expect(mask(["aa"], ["aaaaa"]) == "******a")
        #expect(mask(["abab"], ["ababab"]) == "***ab")
    }

    @Test("very short values mask every occurrence")
    func shortValues() {
        #expect(mask(["a"], ["banana"]) == "b***n***n***")
        #expect(mask(["an"], ["ban", "ana"]) == "b******a")
    }

    @Test("feed holds back only what may start a secret")
    func heldBack() {
        var masker = OutputMasker(secrets: [bytes("SECRET")])
        #expect(masker.longestSecret == 6)
        #expect(masker.feed(bytes("hello SEC")) == bytes("hello "))
        #expect(masker.feed(bytes("RE")) == [])
        #expect(masker.feed(bytes("X world\n")) == bytes("SECREX world\n"))
        #expect(masker.feed(bytes("a line with no prefix\n")) == bytes("a line with no prefix\n"))
        #expect(masker.feed(bytes("S")) == [])
        #expect(masker.feed(bytes("SS")) == bytes("SS"))
        #expect(masker.feed(bytes("ECRETS")) == bytes("***"))
        #expect(masker.feed(bytes("x")) == bytes("Sx"))
        #expect(masker.finish() == [])
    }

    @Test("after each feed at most longest - 1 bytes are held, and only a possible secret start")
    func heldBackBound() {
        let secrets = [bytes("abcdef"), bytes("bcx"), bytes("zz")]
        var masker = OutputMasker(secrets: secrets)
        var input: [UInt8] = []
        var output: [UInt8] = []
        for chunk in ["xxabcde", "f", "abcd", "q", "bc", "zabcde", "abc"] {
            input += bytes(chunk)
            output += masker.feed(bytes(chunk))
            let held = heldCount(input: input, output: output, secrets: secrets)
            #expect(held != nil && held! <= 5, "after \(chunk): \(String(describing: held))")
        }
    }

    /// The number of trailing input bytes not yet reflected in `output`: the
    /// smallest `h` with `output == reference(input without its last h bytes)`,
    /// provided those bytes are a proper prefix of a secret (nil otherwise).
    private func heldCount(input: [UInt8], output: [UInt8], secrets: [[UInt8]]) -> Int? {
        let longest = secrets.map(\.count).max() ?? 0
        for held in 0...min(input.count, max(longest - 1, 0)) where reference(Array(input.dropLast(held)), secrets) == output {
            let tail = input.suffix(held)
            guard held == 0 || secrets.contains(where: { $0.count > held && $0.starts(with: tail) }) else { return nil }
            return held
        }
        return nil
    }

    @Test("finish flushes a held partial prefix unmasked")
    func finishFlushes() {
        var masker = OutputMasker(secrets: [bytes("SECRET")])
        #expect(masker.feed(bytes("abc SECRE")) == bytes("abc "))
        #expect(masker.finish() == bytes("SECRE"))
        #expect(masker.feed(bytes("SECRET")) == bytes("***"))
        #expect(masker.finish() == [])

        var prefixes = OutputMasker(secrets: [bytes("abc"), bytes("abcdef")])
        #expect(prefixes.feed(bytes("xabcde")) == bytes("x"))
        #expect(prefixes.finish() == bytes("***de"))
        #expect(prefixes.feed(bytes("abcdefabcd")) == bytes("***"))
        #expect(prefixes.finish() == bytes("***d"))
        #expect(prefixes.feed(bytes("abcd")) == [])
        #expect(prefixes.feed(bytes("e")) == [])
        #expect(prefixes.finish() == bytes("***de"))
    }

    @Test("finish after a held prefix that holds other secrets masks them")
    func finishMasksInsideHeld() {
        var masker = OutputMasker(secrets: [bytes("aXbXcXd"), bytes("b")])
        #expect(masker.feed(bytes("aXbXc")) == [])
        #expect(masker.finish() == bytes("aX***Xc"))
    }

    @Test("binary bytes and values that are not UTF-8 are masked")
    func binary() {
        let secret: [UInt8] = [0x00, 0xFF, 0xFE, 0x00, 0x80]
        let text: [UInt8] = [0x01, 0x00, 0x00, 0xFF, 0xFE, 0x00, 0x80, 0xFF, 0x00, 0xFF, 0xFE]
        let expected: [UInt8] = [0x01, 0x00] + bytes("***") + [0xFF, 0x00, 0xFF, 0xFE]
        for split in 0...text.count {
            #expect(mask([secret], [Array(text[..<split]), Array(text[split...])]) == expected)
        }
        #expect(mask([secret], text.map { [$0] }) == expected)
        #expect(mask([[0x00]], [[0x00, 0x01, 0x00]]) == bytes("***") + [0x01] + bytes("***"))
    }

    @Test("a long secret fed a byte at a time is masked, and the masker is not slowed down by it")
    func longSecretByteByByte() {
        var generator = SeededGenerator(seed: 64)
        let secret = (0..<OutputMasker.maximumSecretBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let text = bytes("start ") + secret + bytes(" middle ") + secret.dropLast() + bytes(" end")
        var masker = OutputMasker(secrets: [secret, Array(secret.prefix(10))])
        var output: [UInt8] = []
        for byte in text { output += masker.feed([byte]) }
        output += masker.finish()
        #expect(output == reference(text, [secret, Array(secret.prefix(10))]))
    }

    @Test("the bounds are checked by init(validating:), and the message shows no value")
    func bounds() throws {
        let many = (0..<OutputMasker.maximumSecrets).map { bytes("secret-\($0)") }
        _ = try OutputMasker(validating: many + [[]])
        do {
            _ = try OutputMasker(validating: many + [bytes("one-more-secret")])
            Issue.record("1001 secrets were accepted")
        } catch {
            #expect(error.code == .maskTooLarge)
            #expect(!error.message.contains("one-more-secret"))
        }
        let big = [UInt8](repeating: UInt8(ascii: "q"), count: OutputMasker.maximumSecretBytes + 1)
        _ = try OutputMasker(validating: [Array(big.dropLast())])
        do {
            _ = try OutputMasker(validating: [bytes("x"), big])
            Issue.record("a too long secret was accepted")
        } catch {
            #expect(error.code == .maskTooLarge)
            #expect(error.message.contains("value 2"))
            #expect(!error.message.contains("qqq"))
        }
    }

    @Test("a thousand secrets over a large output")
    func manySecrets() {
        var generator = SeededGenerator(seed: 1000)
        let secrets = (0..<1_000).map { _ in Array(Base62.random(count: Int.random(in: 8...40, using: &generator), using: &generator).utf8) }
        var text: [UInt8] = []
        while text.count < 100_000 {
            text += Array(Base62.random(count: Int.random(in: 0...200, using: &generator), using: &generator).utf8)
            text += secrets.randomElement(using: &generator)!
            text.append(UInt8(ascii: "\n"))
        }
        var masker = OutputMasker(secrets: secrets)
        var output: [UInt8] = []
        var position = 0
        while position < text.count {
            let end = min(text.count, position + Int.random(in: 1...4096, using: &generator))
            output += masker.feed(Array(text[position..<end]))
            position = end
        }
        output += masker.finish()
        #expect(output == reference(text, secrets))
    }

    // MARK: - Properties

    @Test("random secrets, texts and chunkings give what the whole-text reference gives")
    func property() {
        var generator = SeededGenerator(seed: 0x3A5C)
        for round in 0..<3_000 {
            // A small alphabet so secrets overlap, share prefixes and occur by chance.
            let alphabet: [UInt8] = round % 3 == 0 ? [0x00, 0xFF, 0x0A] + bytes("ab") : bytes("abc\n")
            let secrets = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                (0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            }
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                if let secret = secrets.randomElement(using: &generator), Bool.random(using: &generator) {
                    text += secret
                } else {
                    text += (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
                }
            }
            var masker = OutputMasker(secrets: secrets)
            var output: [UInt8] = []
            var position = 0
            var fed: [UInt8] = []
            while position < text.count {
                let end = min(text.count, position + Int.random(in: 0...8, using: &generator))
                let chunk = Array(text[position..<end])
                fed += chunk
                output += masker.feed(chunk)
                let held = heldCount(input: fed, output: output, secrets: secrets)
                #expect(held != nil, "round \(round): more held back than a possible secret start")
                position = end
            }
            output += masker.finish()
            #expect(output == reference(text, secrets), "round \(round): \(secrets) \(text)")
        }
    }
}
