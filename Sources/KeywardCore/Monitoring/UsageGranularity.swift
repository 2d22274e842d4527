/// The width of the buckets of a usage answer (SPEC §5).
public enum UsageGranularity: String, Sendable, CaseIterable {
    case minute
    case hour
    case day

    /// The width of one bucket in seconds; buckets start at whole multiples of it (UTC).
    public var seconds: Int64 {
        switch self {
        case .minute: 60
        case .hour: 3_600
        case .day: 86_400
        }
    }

    /// Parses `minute`, `hour` or `day`; anything else is an `INVALID_FIELD` naming `field`.
    public init(parsing text: String, field: String = "granularity") throws(KeywardError) {
        guard let value = Self(rawValue: text) else {
            throw KeywardError(.invalidField, "must be minute, hour or day", field: field)
        }
        self = value
    }
}
