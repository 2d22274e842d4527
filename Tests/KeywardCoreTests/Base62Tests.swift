import KeywardCore
import Testing

@Suite("Base62")
struct Base62Tests {
    @Test("the alphabet is 0-9, A-Z, a-z in order of value")
    func alphabetOrder() {
        #expect(String(decoding: Base62.alphabet, as: UTF8.self) == "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        for (value, digit) in Base62.alphabet.enumerated() {
            #expect(Base62.value(of: digit) == value)
            #expect(Base62.isDigit(digit))
        }
    }

    @Test("no other byte is a digit")
    func otherBytes() {
        let digits = Set(Base62.alphabet)
        for byte in UInt8.min...UInt8.max where !digits.contains(byte) {
            #expect(Base62.value(of: byte) == nil)
            #expect(!Base62.isDigit(byte))
        }
    }

    @Test(
        "known encodings",
        arguments: [
            (UInt64(0), 6, "000000"),
            (0, 0, "0"),
            (61, 1, "z"),
            (62, 1, "10"),
            (UInt64(UInt32.max), 6, "4gfFC3"),
            (UInt64.max, 0, "LygHa16AHYF"),
            (UInt64.max, 6, "LygHa16AHYF"),
            (0x2094_1E0D, 6, "0azNt7"),
        ])
    func knownEncodings(number: UInt64, width: Int, expected: String) {
        #expect(Base62.encode(number, width: width) == expected)
        #expect(Base62.decode(expected.utf8) == number)
    }

    @Test(
        "encode and decode round-trip", arguments: [0, 1, 61, 62, 3843, 3844, UInt64(UInt32.max), UInt64(UInt32.max) + 1, UInt64.max - 1, UInt64.max])
    func roundTrip(number: UInt64) {
        for width in [0, 1, 6, 11, 20] {
            let text = Base62.encode(number, width: width)
            #expect(text.utf8.count >= width)
            #expect(Base62.decode(text.utf8) == number)
        }
    }

    @Test("random round trips")
    func randomRoundTrips() {
        var generator = SeededGenerator(seed: 62)
        for _ in 0..<10_000 {
            let number = generator.next()
            #expect(Base62.decode(Base62.encode(number, width: 6).utf8) == number)
        }
    }

    @Test("decode rejects characters that are not digits", arguments: ["-1", "1_0", " 1", "1 ", "é", "+5", "ab.c", "1\u{0}"])
    func decodeRejectsNonDigits(text: String) {
        #expect(Base62.decode(text.utf8) == nil)
    }

    @Test("decode of the empty string is 0")
    func decodeEmpty() {
        #expect(Base62.decode("".utf8) == 0)
    }

    @Test("decode refuses numbers beyond 64 bits")
    func decodeOverflow() {
        #expect(Base62.decode("LygHa16AHYG".utf8) == nil)
        #expect(Base62.decode("zzzzzzzzzzz".utf8) == nil)
        #expect(Base62.decode("LygHa16AHYF0".utf8) == nil)
        #expect(Base62.decode("000000000000LygHa16AHYF".utf8) == UInt64.max)
    }

    @Test("random draws only alphabet digits and the asked count")
    func randomDigits() {
        var generator = SeededGenerator(seed: 1)
        for count in [0, 1, 7, 8, 9, 43, 100] {
            let text = Base62.random(count: count, using: &generator)
            #expect(text.utf8.count == count)
            #expect(text.utf8.allSatisfy(Base62.isDigit))
        }
        let system = Base62.random(count: 43)
        #expect(system.utf8.count == 43)
        #expect(system.utf8.allSatisfy(Base62.isDigit))
    }

    @Test("random is roughly uniform: every digit within 10% of the mean over 620,000 draws")
    func randomUniform() throws {
        var generator = SeededGenerator(seed: 20_261_124)
        var counts = [Int](repeating: 0, count: 62)
        for byte in Base62.random(count: 620_000, using: &generator).utf8 {
            counts[try #require(Base62.value(of: byte))] += 1
        }
        for (digit, count) in counts.enumerated() {
            #expect(count > 9_000 && count < 11_000, "digit \(digit) drawn \(count) times")
        }
    }

    @Test("random from the system generator is roughly uniform too")
    func systemUniform() throws {
        var counts = [Int](repeating: 0, count: 62)
        for byte in Base62.random(count: 620_000).utf8 {
            counts[try #require(Base62.value(of: byte))] += 1
        }
        #expect(counts.allSatisfy { $0 > 9_000 && $0 < 11_000 }, "counts: \(counts)")
    }
}
