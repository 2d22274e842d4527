#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `Date` field of an answer (RFC 9110 §5.6.7, IMF-fixdate), formatted
/// once a second: one per connection, so connections share nothing for it.
struct HTTPDate {
    private var second = -1
    private var text = ""

    /// Now, as `Sun, 06 Nov 1994 08:49:37 GMT`.
    var now: String {
        mutating get {
            let current = time(nil)
            if current != second {
                second = current
                text = Self.format(current)
            }
            return text
        }
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ seconds: Int) -> String {
        var value = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&value, &parts) != nil, (0..<7).contains(Int(parts.tm_wday)), (0..<12).contains(Int(parts.tm_mon)) else { return "" }
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
