import Foundation

/// When a key should be rotated under its keyspace's `rotationPeriod`: one
/// period after it was issued (a rotation issues its successor, so the clock
/// starts again). A key that was rotated already, or revoked, is due never.
public enum RotationSchedule {
    public static func dueAt(_ record: KeyRecord, period: DurationText?) -> Date? {
        guard let period, record.rotatedTo == nil, record.revokedAt == nil else { return nil }
        return record.createdAt.addingTimeInterval(period.timeInterval)
    }

    /// Due and still in use: active, its rotation date passed.
    public static func isOverdue(_ record: KeyRecord, period: DurationText?, at now: Date) -> Bool {
        guard let due = dueAt(record, period: period) else { return false }
        return due <= now && record.state(at: now) == .active
    }
}
