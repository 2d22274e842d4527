import Foundation

/// RFC 3339 times in UTC, the only time format of the API (`2026-11-24T09:00:00Z`).
///
/// Both directions are written out by hand: Foundation's ISO 8601 style drops
/// a millisecond now and then when formatting and rolls `25:00` or `02-30`
/// over into the next day when parsing, and a time a user typed wrong must be
/// an error, not a different time.
public enum Timestamp {
    /// `date` as RFC 3339 UTC with whole seconds, or milliseconds when it has them.
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = millis.dividedFlooring(by: 1000)
        let (day, second) = seconds.dividedFlooring(by: 86_400)
        let civil = CivilDate(daysSinceEpoch: day)
        var text = padded(civil.year, 4) + "-" + padded(civil.month, 2) + "-" + padded(civil.day, 2)
        text += "T" + padded(second / 3600, 2) + ":" + padded(second / 60 % 60, 2) + ":" + padded(second % 60, 2)
        if fraction != 0 { text += "." + padded(fraction, 3) }
        return text + "Z"
    }

    /// `date` rounded to the nearest millisecond, as `millis / 1000`: the
    /// precision the store keeps, so a time reads back exactly as it was written.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, every field in range.
    public static func parse(_ text: String, field: String? = nil) throws(KeywardError) -> Date {
        var parser = RFC3339Parser(text)
        guard let date = parser.parse() else {
            throw KeywardError(.invalidField, "expected an RFC 3339 time such as 2026-01-31T12:00:00Z", field: field)
        }
        return date
    }

    private static func padded(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int64 {
    fileprivate func dividedFlooring(by divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
