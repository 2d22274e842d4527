import Foundation

/// A change to a key's quota, in JSON merge-patch terms: `quota: null` clears
/// it; `quota: {"remaining": 5}` sets what it names and keeps the rest.
public enum QuotaChange: Hashable, Sendable {
    case clear
    /// nil leaves a field as it is; `refill: .some(nil)` removes the refill.
    case set(remaining: Int64?, refill: QuotaRefill??)

    /// The quota after the change at `time`, one generation on (uses reserved
    /// before it are void). A new quota without `remaining` starts full at
    /// its refill amount.
    public func applied(to quota: Quota?, at time: Date) throws(KeywardError) -> Quota? {
        guard case .set(let remaining, let refill) = self else { return nil }
        let newRefill = refill ?? quota?.refill
        guard let uses = remaining ?? quota?.current(at: time).remaining ?? newRefill?.amount else {
            throw KeywardError(.missingField, "a new quota needs remaining (or a refill to start from)", field: "quota.remaining")
        }
        return Quota(
            remaining: uses, refill: newRefill, generation: (quota?.generation ?? 0) + 1,
            refilledAt: newRefill.map { $0.periodStart(containing: time) })
    }
}
