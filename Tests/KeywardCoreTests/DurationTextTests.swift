import KeywardCore
import Testing

@Suite("Durations as text")
struct DurationTextTests {
    @Test(
        "valid durations",
        arguments: [
            ("30s", Int64(30)), ("15m", 900), ("24h", 86_400), ("90d", 7_776_000), ("2w", 1_209_600), ("1h30m", 5_400),
            ("1d12h", 129_600), ("1s", 1), ("36600d", 3_162_240_000), ("0h1s", 1),
        ])
    func valid(text: String, seconds: Int64) throws {
        let duration = try DurationText(parsing: text)
        #expect(duration.seconds == seconds)
        #expect(duration.text == text)
        #expect(duration.description == text)
        #expect(duration.timeInterval == Double(seconds))
    }

    @Test(
        "invalid durations name the problem and its column",
        arguments: [
            ("90x", "column 3"),
            ("", "empty"),
            ("d", "expected a number at column 1"),
            ("0s", "longer than zero"),
            ("0d0h", "longer than zero"),
            ("-1d", "expected a number at column 1"),
            ("1.5h", "column 2"),
            (" 1d", "column 1"),
            ("1d ", "column 3"),
            ("1h 30m", "column 3"),
            ("30", "expected a unit (s, m, h, d or w) at column 3"),
            ("1H", "column 2"),
            ("99999999999999999999s", "too large"),
            ("9223372036854775807s", "too large"),
            ("36601d", "100 years"),
            ("5300w", "100 years"),
            ("36000d36000d", "100 years"),
            (String(repeating: "1s", count: 17), "longer than 32"),
        ])
    func invalid(text: String, fragment: String) {
        do {
            _ = try DurationText(parsing: text, field: "--expires")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidDuration)
            #expect(error.field == "--expires")
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test("the maximum is 100 years of 366 days")
    func maximum() {
        #expect(DurationText.maximumSeconds == 3_162_240_000)
    }

    @Test("fuzz: random texts never crash, and what parses is positive and bounded")
    func fuzz() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let text = FuzzText.make(length: Int.random(in: 0..<40, using: &generator), using: &generator)
            if let duration = try? DurationText(parsing: text) {
                #expect(duration.seconds > 0 && duration.seconds <= DurationText.maximumSeconds)
            }
        }
        for _ in 0..<5_000 {
            let digits = (0..<Int.random(in: 1..<25, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let unit = ["s", "m", "h", "d", "w"].randomElement(using: &generator)!
            if let duration = try? DurationText(parsing: digits + unit) {
                #expect(duration.seconds > 0 && duration.seconds <= DurationText.maximumSeconds)
            }
        }
    }
}
