import Foundation

/// The rate-spike detector of one key (SPEC §9): an exponentially weighted
/// moving average of the key's answers per minute, its baseline, and the rule
/// that a minute far above it is a spike.
///
/// The statistic: each closed minute with `n` answers moves the average by
/// `alpha × (n − average)`, and each silent minute counts as 0, so the average
/// forgets with a half-life of `halfLifeMinutes`; the first minute seen starts it. A minute is a spike when the
/// key has been watched for `warmUpMinutes`, `n` is at least `minimumRequests`,
/// and `n` is more than `factor` times the average before that minute.
public struct RateBaseline: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var factor: Double
        public var minimumRequests: Int64
        public var warmUpMinutes: Int64
        public var halfLifeMinutes: Double

        public init(factor: Double = 10, minimumRequests: Int64 = 100, warmUpMinutes: Int64 = 60, halfLifeMinutes: Double = 60) {
            self.factor = factor
            self.minimumRequests = minimumRequests
            self.warmUpMinutes = warmUpMinutes
            self.halfLifeMinutes = halfLifeMinutes
        }

        /// The weight of one minute: 1 − 2^(−1/halfLife).
        var alpha: Double { 1 - pow(2, -1 / max(halfLifeMinutes, 1)) }
    }

    /// The average answers per minute.
    public private(set) var average: Double
    /// The first minute watched and the last one folded in (minute numbers since 1970).
    public private(set) var firstMinute: Int64
    public private(set) var lastMinute: Int64

    /// A baseline that starts watching at `minute` with no answers seen.
    public init(startingAt minute: Int64) {
        self.average = 0
        self.firstMinute = minute
        self.lastMinute = minute - 1
    }

    /// Folds in minute `minute` with `count` answers (minutes skipped since the
    /// last one count as silent) and says whether it was a spike. A minute
    /// older than the last one folded in changes nothing.
    public mutating func observe(minute: Int64, count: Int64, rule: Rule) -> Bool {
        guard minute > lastMinute else { return false }
        if lastMinute < firstMinute {
            // The first minute seen is the baseline to start from (an average
            // that started at 0 would take hours to reach a steady rate).
            average = Double(count)
            lastMinute = minute
            return false
        }
        let alpha = rule.alpha
        let silent = minute - lastMinute - 1
        if silent > 0 { average *= pow(1 - alpha, Double(min(silent, 100_000))) }
        let watched = minute - firstMinute
        let spike = watched >= rule.warmUpMinutes && count >= rule.minimumRequests && Double(count) > rule.factor * average
        average += alpha * (Double(count) - average)
        lastMinute = minute
        return spike
    }
}
