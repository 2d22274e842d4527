import Foundation

/// RFC 3339 times in UTC, the only time format of the API (`2026-11-24T09:00:00Z`).
public enum Timestamp {
    /// `date` as RFC 3339 UTC with whole seconds, or milliseconds when it has them.
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let fractional = millis.truncatingRemainder(dividingBy: 1000) != 0
        return Date.ISO8601FormatStyle(includingFractionalSeconds: fractional, timeZone: .gmt).format(date)
    }

    /// `date` rounded to the nearest millisecond, as `millis / 1000`: the
    /// precision the store keeps, so a time reads back exactly as it was written.
    public static func roundedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Parses an RFC 3339 time with or without fractional seconds, in any offset.
    public static func parse(_ text: String, field: String? = nil) throws(KeywardError) -> Date {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        throw KeywardError(.invalidField, "expected an RFC 3339 time such as 2026-01-31T12:00:00Z", field: field)
    }
}
