import Foundation
import KeywardCore
import Testing

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test("format is UTC with Z and whole seconds")
    func formatWholeSeconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000)) == "2026-09-21T14:13:20Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
    }

    @Test("format shows milliseconds when there are some")
    func formatMilliseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000.5)) == "2026-09-21T14:13:20.500Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000.25)) == "2026-09-21T14:13:20.250Z")
    }

    @Test(
        "parse accepts UTC, offsets and fractions",
        arguments: [
            ("2026-09-21T14:13:20Z", 1_790_000_000.0),
            ("2026-09-21T16:13:20+02:00", 1_790_000_000.0),
            ("2026-09-21T09:13:20-05:00", 1_790_000_000.0),
            ("2026-09-21T14:13:20.500Z", 1_790_000_000.5),
            ("2026-09-21T15:13:20.250+01:00", 1_790_000_000.25),
        ])
    func parse(text: String, seconds: Double) throws {
        let date = try Timestamp.parse(text)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test("format writes the milliseconds a date holds, not one less")
    func formatKnownMilliseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000.123)) == "2026-09-21T14:13:20.123Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000.001)) == "2026-09-21T14:13:20.001Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000.999)) == "2026-09-21T14:13:20.999Z")
    }

    @Test("format and parse round-trip at millisecond precision")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 3339)
        var wrong: [String] = []
        for _ in 0..<1_000 {
            let millis = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let date = Timestamp.roundedToMilliseconds(Date(timeIntervalSince1970: Double(millis) / 1000))
            let text = Timestamp.format(date)
            let fraction = millis % 1000
            let expectedEnd = fraction == 0 ? "Z" : "." + String(String(fraction + 1000).dropFirst()) + "Z"
            if !text.hasSuffix(expectedEnd) || (fraction == 0 && text.contains(".")) {
                wrong.append("\(millis) ms formatted as \(text)")
            }
            let parsed = try Timestamp.parse(text)
            if Timestamp.roundedToMilliseconds(parsed) != date { wrong.append("\(text) parsed as \(parsed.timeIntervalSince1970)") }
        }
        let count = wrong.count
        let first = wrong.prefix(3).joined(separator: "; ")
        #expect(count == 0, "\(count) wrong, first: \(first)")
    }

    @Test("rounding keeps milliseconds")
    func rounding() {
        let date = Date(timeIntervalSince1970: 1_790_000_000.123_456)
        #expect(Timestamp.roundedToMilliseconds(date).timeIntervalSince1970 == 1_790_000_000.123)
    }

    @Test(
        "junk is refused without being echoed",
        arguments: ["", "yesterday", "kw_secretvalue", "2026-13-01T00:00:00Z", "2026-09-21 14:13:20", "2026-09-21T14:13:20", "1790000000"]
    )
    func junk(text: String) {
        do {
            _ = try Timestamp.parse(text, field: "expiresAt")
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.code == .invalidField)
            #expect(error.field == "expiresAt")
            #expect(error.message.contains("RFC 3339"))
            if !text.isEmpty { #expect(!error.description.contains(text)) }
        }
    }

    @Test("times with fields out of range are refused", arguments: ["2026-09-21T25:00:00Z", "2026-02-30T00:00:00Z", "2026-09-21T14:61:00Z"])
    func outOfRange(text: String) {
        #expect(throws: KeywardError.self) { try Timestamp.parse(text) }
    }
}
