import Foundation

/// A key's quota (SPEC §3): `remaining` uses, optionally set back to
/// `refill.amount` at 00:00 UTC every day, or on day 1 of every month.
public struct Quota: Hashable, Sendable {
    public var remaining: Int64
    public var refill: QuotaRefill?
    /// Counts the times an operator set the quota (1 when created). What a
    /// node reserved under an older generation is void.
    public var generation: Int64
    /// The start of the refill period in which `remaining` was last set back
    /// (nil without a refill).
    public var refilledAt: Date?

    /// The largest `remaining` or refill amount accepted.
    public static let maximumUses: Int64 = 1_000_000_000_000

    public init(remaining: Int64, refill: QuotaRefill? = nil, generation: Int64 = 1, refilledAt: Date? = nil) {
        self.remaining = remaining
        self.refill = refill
        self.generation = generation
        self.refilledAt = refilledAt
    }

    /// The quota as it stands at `now`: a refill that is due is applied.
    public func current(at now: Date) -> Quota {
        guard let refill else { return self }
        let period = refill.periodStart(containing: now)
        guard refilledAt.map({ $0 < period }) ?? true else { return self }
        var quota = self
        quota.remaining = refill.amount
        quota.refilledAt = period
        return quota
    }

    /// Checks `remaining` for a request field.
    public static func validatedUses(_ value: Int64, field: String) throws(KeywardError) -> Int64 {
        guard (0...maximumUses).contains(value) else {
            throw KeywardError(.invalidField, "expected a whole number of uses from 0 to \(maximumUses)", field: field)
        }
        return value
    }
}

/// When and to what a quota refills.
public struct QuotaRefill: Hashable, Sendable, CustomStringConvertible {
    public enum Interval: String, Hashable, Sendable, CaseIterable {
        case daily
        case monthly
    }

    public var amount: Int64
    public var interval: Interval

    public init(amount: Int64, interval: Interval, field: String = "quota.refill.amount") throws(KeywardError) {
        self.amount = try Quota.validatedUses(amount, field: field)
        self.interval = interval
    }

    /// Parses the CLI form `N/day` or `N/month`.
    public init(parsing text: String, field: String = "--refill") throws(KeywardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard text.utf8.count <= 32, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let amount = Int64(parts[0])
        else {
            throw KeywardError(.invalidField, "\"\(text.prefix(32))\" is not a refill: expected N/day or N/month, N a whole number", field: field)
        }
        let interval: Interval
        switch parts[1] {
        case "day": interval = .daily
        case "month": interval = .monthly
        default:
            throw KeywardError(.invalidField, "a refill is per day or per month (N/day, N/month), not per \"\(parts[1].prefix(16))\"", field: field)
        }
        try self.init(amount: amount, interval: interval, field: field)
    }

    public var description: String { "\(amount)/\(interval == .daily ? "day" : "month")" }

    /// 00:00 UTC of the day (daily) or of day 1 of the month (monthly) that holds `time`.
    public func periodStart(containing time: Date) -> Date {
        let days = Int64((time.timeIntervalSince1970 / 86_400).rounded(.down))
        switch interval {
        case .daily:
            return Date(timeIntervalSince1970: Double(days) * 86_400)
        case .monthly:
            let date = CivilDate(daysSinceEpoch: days)
            return Date(timeIntervalSince1970: Double(CivilDate(year: date.year, month: date.month, day: 1).daysSinceEpoch) * 86_400)
        }
    }

    /// The next refill after `time`.
    public func nextRefill(after time: Date) -> Date {
        let start = periodStart(containing: time)
        switch interval {
        case .daily:
            return start.addingTimeInterval(86_400)
        case .monthly:
            let date = CivilDate(daysSinceEpoch: Int64((start.timeIntervalSince1970 / 86_400).rounded(.down)))
            let next = date.month == 12 ? CivilDate(year: date.year + 1, month: 1, day: 1) : CivilDate(year: date.year, month: date.month + 1, day: 1)
            return Date(timeIntervalSince1970: Double(next.daysSinceEpoch) * 86_400)
        }
    }
}
