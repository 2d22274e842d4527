import Foundation

/// How many answers of one code one key got in one bucket of time: a row of
/// the usage table. The usage recorder writes minutes (`width` 60); the
/// retention job rolls minutes older than the minute retention into hours
/// (`width` 3600).
public struct UsageCount: Sendable, Hashable {
    public var keyID: String
    public var keyspaceID: String
    /// The bucket's start in whole seconds since 1970, a multiple of `width`.
    public var bucketStart: Int64
    /// 60 for a minute, 3600 for an hour.
    public var width: Int64
    public var code: VerificationCode
    public var count: Int64

    public init(keyID: String, keyspaceID: String, bucketStart: Int64, width: Int64 = 60, code: VerificationCode, count: Int64) {
        self.keyID = keyID
        self.keyspaceID = keyspaceID
        self.bucketStart = bucketStart
        self.width = width
        self.code = code
        self.count = count
    }

    /// The start of the minute that holds `date`, in seconds since 1970.
    public static func minuteStart(of date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 60).rounded(.down)) * 60
    }
}

/// What a usage answer asks for: whose counts (one key, or every key of a
/// keyspace), from when to when, in buckets of which width.
public struct UsageQuery: Sendable, Equatable {
    /// At most this many buckets in one answer (a week of minutes is 10,080).
    public static let maximumBuckets = 10_080

    public let granularity: UsageGranularity
    /// The start of the first bucket: `from` rounded down to the granularity.
    public let firstBucket: Int64
    /// The end of the range (exclusive), in seconds since 1970: `to` rounded up.
    public let end: Int64

    /// Checks that `from` is before `to` and that the range holds at most
    /// `maximumBuckets` buckets; the errors name the field at fault.
    public init(from: Date, to: Date, granularity: UsageGranularity) throws(KeywardError) {
        guard from < to else { throw KeywardError(.invalidField, "must be before `to`", field: "from") }
        let width = granularity.seconds
        let start = Int64(from.timeIntervalSince1970.rounded(.down))
        let stop = Int64(to.timeIntervalSince1970.rounded(.up))
        let first = Self.floor(start, width)
        let end = Self.floor(stop - 1, width) + width
        let buckets = (end - first) / width
        guard buckets <= Self.maximumBuckets else {
            throw KeywardError(
                .invalidField,
                "the range holds \(buckets) \(granularity.rawValue)s; at most \(Self.maximumBuckets) fit in one answer (use a coarser granularity)",
                field: "from")
        }
        self.granularity = granularity
        self.firstBucket = first
        self.end = end
    }

    public var from: Date { Date(timeIntervalSince1970: Double(firstBucket)) }
    public var to: Date { Date(timeIntervalSince1970: Double(end)) }

    /// Every bucket of the range in order, empty ones included, with the
    /// counts of `rows` added up per code. A row lands in the bucket that holds
    /// its start (an hour rolled up from minutes lands, in a minute answer, in
    /// the minute its hour starts with).
    public func buckets(_ rows: [UsageCount]) -> [UsageBucket] {
        let width = granularity.seconds
        let count = Int((end - firstBucket) / width)
        var counts = [[VerificationCode: Int64]](repeating: [:], count: count)
        for row in rows where row.bucketStart >= firstBucket && row.bucketStart < end {
            let index = Int((row.bucketStart - firstBucket) / width)
            counts[index][row.code, default: 0] += row.count
        }
        return counts.enumerated().map { index, counts in
            UsageBucket(start: Date(timeIntervalSince1970: Double(firstBucket + Int64(index) * width)), counts: counts)
        }
    }

    private static func floor(_ value: Int64, _ width: Int64) -> Int64 {
        let remainder = value % width
        return remainder < 0 ? value - remainder - width : value - remainder
    }
}

/// One bucket of a usage answer.
public struct UsageBucket: Sendable, Equatable {
    public var start: Date
    public var counts: [VerificationCode: Int64]

    public init(start: Date, counts: [VerificationCode: Int64]) {
        self.start = start
        self.counts = counts
    }

    public var total: Int64 { counts.values.reduce(0, +) }
}

/// A key seen from a network (`NetworkPrefix`) at a time.
public struct KeyNetworkSighting: Sendable, Hashable {
    public var keyID: String
    public var keyspaceID: String
    public var network: String
    public var time: Date

    public init(keyID: String, keyspaceID: String, network: String, time: Date) {
        self.keyID = keyID
        self.keyspaceID = keyspaceID
        self.network = network
        self.time = time
    }
}
