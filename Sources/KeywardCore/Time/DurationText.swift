/// A span of time written as one or more `<whole number><unit>` groups:
/// `30s`, `15m`, `24h`, `90d`, `2w`, `1h30m`. Units: s, m, h, d (24 h), w (7 d).
public struct DurationText: Hashable, Sendable, CustomStringConvertible {
    public let seconds: Int64
    public let text: String

    /// The longest span accepted: 100 years, far beyond any sane key lifetime.
    public static let maximumSeconds: Int64 = 100 * 366 * 86_400

    /// Parses `text`; throws `INVALID_DURATION` naming the column at fault.
    /// `field` names the input the text came from, for the message.
    public init(parsing text: String, field: String? = nil) throws(KeywardError) {
        func fail(_ message: String) -> KeywardError {
            KeywardError(.invalidDuration, "\"\(text)\" is not a duration: \(message) (use forms like 30s, 15m, 24h, 90d, 2w)", field: field)
        }
        let bytes = Array(text.utf8)
        if bytes.isEmpty { throw fail("it is empty") }
        if bytes.count > 32 { throw fail("it is longer than 32 characters") }
        var total: Int64 = 0
        var index = 0
        while index < bytes.count {
            let numberStart = index
            var number: Int64 = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                number = number * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                if number > DurationText.maximumSeconds { throw fail("the number at column \(numberStart + 1) is too large") }
                index += 1
            }
            if index == numberStart { throw fail("expected a number at column \(index + 1)") }
            guard index < bytes.count else { throw fail("expected a unit (s, m, h, d or w) at column \(index + 1)") }
            let unit: Int64
            switch bytes[index] {
            case UInt8(ascii: "s"): unit = 1
            case UInt8(ascii: "m"): unit = 60
            case UInt8(ascii: "h"): unit = 3_600
            case UInt8(ascii: "d"): unit = 86_400
            case UInt8(ascii: "w"): unit = 604_800
            default: throw fail("unknown unit at column \(index + 1); expected s, m, h, d or w")
            }
            index += 1
            total += number * unit
            if total > DurationText.maximumSeconds { throw fail("it is longer than 100 years") }
        }
        if total == 0 { throw fail("it must be longer than zero") }
        self.seconds = total
        self.text = text
    }

    public var description: String { text }

    /// The span in seconds as a `Double`, for `Date` arithmetic.
    public var timeInterval: Double { Double(seconds) }
}
