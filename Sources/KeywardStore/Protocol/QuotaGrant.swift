import Foundation

/// What a quota reservation took from the store (`StoreWriter.reserveQuota`).
public struct QuotaGrant: Sendable, Equatable {
    /// Uses taken: between the minimum asked and the amount wanted, or 0 when
    /// fewer than the minimum were left (nothing is taken then).
    public var granted: Int64
    /// Uses left in the store after this reservation.
    public var remaining: Int64
    /// The quota's generation; a change by an operator starts a new one.
    public var generation: Int64
    /// When the current refill period ends (nil without a refill): uses
    /// reserved now are void after it.
    public var periodEnd: Date?

    public init(granted: Int64, remaining: Int64, generation: Int64, periodEnd: Date?) {
        self.granted = granted
        self.remaining = remaining
        self.generation = generation
        self.periodEnd = periodEnd
    }
}
