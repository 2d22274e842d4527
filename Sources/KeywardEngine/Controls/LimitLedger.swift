import Foundation
import KeywardCore
import KeywardStore
import Synchronization

/// SPEC §4 steps 7 and 8: a key's rate limits and its quota, decided and
/// charged together, atomically, for requests that passed every other check.
///
/// Rate-limit state lives in memory on this node (a restart starts every
/// window empty); quotas live in the store. So that a verification does not
/// write to the store, the ledger reserves a *lease* of uses from the store (a
/// durable, atomic decrement) and spends it in memory. A crash can therefore
/// never give spent uses back; it forfeits at most the unspent part of what a
/// node holds: a lease is the smallest of 1,000, about two seconds of the key's
/// recent use, and a tenth of what was left (at least the request's cost), and
/// the next is reserved when half of one is spent, so at most one and a half
/// leases. Reservations are committed in groups (`QuotaReservations`). A clean
/// shutdown gives unspent leases back.
public final class LimitLedger: Sendable {
    /// What steps 7 and 8 decided.
    public struct Decision: Sendable, Equatable {
        /// `.valid`, `.rateLimited` or `.usageExceeded`.
        public var code: VerificationCode
        /// Each limit after this request (charged only when valid).
        public var limits: [RateLimitStatus]
        /// Quota left after this request; nil for a key without a quota.
        public var remaining: Int64?
        /// When a refused request could succeed (`Retry-After`); nil when it
        /// never will (a quota without refill) or nothing was refused.
        public var retryAt: Date?

        public static let unlimited = Decision(code: .valid, limits: [], remaining: nil, retryAt: nil)

        /// `outcome` with this decision's code (when it refuses) and figures.
        public func applied(to outcome: VerificationOutcome) -> VerificationOutcome {
            var outcome = outcome
            outcome.code = code
            outcome.limits = limits
            outcome.remaining = remaining
            outcome.retryAt = retryAt
            return outcome
        }
    }

    /// One rate limit's count, shared by every key whose limit charges it
    /// (`RateWindowKey`). A reference, so that a verification finds each of its
    /// windows once, decides on all of them, and then charges them.
    final class WindowCount {
        var window: SlidingWindow
        /// Set when a sweep forgot this count: a key's shortcut to it is stale.
        var isRetired = false

        init(_ window: SlidingWindow) {
            self.window = window
        }

        func status(of limit: RateLimit, at millis: Int64) -> RateLimitStatus {
            RateLimitStatus(
                name: limit.name, limit: limit.limit, remaining: window.remaining, resetAt: LimitLedger.date(millis: window.nextRelease(now: millis)))
        }
    }

    /// What a cached key's `ledgerShortcut` keeps: the counts of its rate
    /// limits, in the order of its `rateWindows`, and its quota's lease.
    final class KeyLedger {
        var counts: [WindowCount] = []
        var lease: LeaseBox?
    }

    /// One budget's lease, shared by the keys that spend it (a rotated key and
    /// its successor). A reference, so that a key's shortcut reaches it
    /// without a lookup; `isRetired` once the ledger forgot it.
    final class LeaseBox {
        var lease = Lease()
        var isRetired = false
    }

    struct Lease {
        var available: Int64 = 0
        /// The store's uses after the last reservation (an upper bound when
        /// other nodes spend the same quota).
        var storeRemaining: Int64 = 0
        var generation: Int64 = 0
        var periodEnd: Date?
        var reservedAt: Date = .distantPast
        var spentSinceReservation: Int64 = 0
        var pending: Task<(any Error)?, Never>?

        func isUsable(for quota: Quota, at now: Date) -> Bool {
            reservedAt != .distantPast && generation >= quota.generation && (periodEnd.map { now < $0 } ?? true)
        }

        enum Spending {
            case spent(remaining: Int64)
            case exceeded(remaining: Int64, periodEnd: Date?)
            /// Nothing spent: the reservation must be recorded first.
            case wait(Task<(any Error)?, Never>)
        }

        /// Spends `cost` of `quota` from the lease, or says why it cannot yet.
        /// `reserve(wanted, atLeast)` starts a reservation from the store: when
        /// half of the lease is spent (so no request waits for the next), or
        /// when this request needs one.
        mutating func spend(
            _ cost: Int64, of quota: Quota, at now: Date, reserve: (_ wanted: Int64, _ atLeast: Int64) -> Task<(any Error)?, Never>
        ) -> Spending {
            let usable = isUsable(for: quota, at: now)
            if usable, available >= cost {
                available -= cost
                spentSinceReservation += cost
                let target = LimitLedger.leaseTarget(self, now: now)
                if pending == nil, storeRemaining > 0, available < (target + 1) / 2 { pending = reserve(target, 1) }
                return .spent(remaining: available + storeRemaining)
            }
            if usable, available + storeRemaining < cost { return .exceeded(remaining: available + storeRemaining, periodEnd: periodEnd) }
            if let pending { return .wait(pending) }
            if !usable { self = Lease(storeRemaining: storeRemaining, pending: nil) }
            let needed = cost - available
            let reservation = reserve(max(needed, LimitLedger.leaseTarget(self, now: now)), needed)
            pending = reservation
            return .wait(reservation)
        }
    }

    struct State {
        var windows: [Prehashed<RateWindowKey>: WindowCount] = [:]
        var leases: [Prehashed<String>: LeaseBox] = [:]
        var admitsSinceSweep = 0

        /// The counts of `key`'s `limits`, advanced to `millis`: through the
        /// key's shortcut while none of them was swept, else found (or made)
        /// in `windows` and kept on the key for its next request.
        mutating func counts(of key: VerifiableKey, limits: [RateLimit], at millis: Int64) -> [WindowCount] {
            guard !limits.isEmpty else { return [] }
            let kept = shortcut(of: key)
            if kept.counts.count == limits.count, !kept.counts.contains(where: \.isRetired) {
                for (count, limit) in zip(kept.counts, limits) {
                    count.window.limit = limit.limit
                    count.window.advance(to: millis)
                }
                return kept.counts
            }
            let counts = zip(key.rateWindows, limits).map { id, limit in count(id, limit: limit.limit, at: millis) }
            kept.counts = counts
            return counts
        }

        /// What `key`'s shortcut holds, made empty the first time.
        func shortcut(of key: VerifiableKey) -> KeyLedger {
            if let kept = key.ledgerShortcut.value as? KeyLedger { return kept }
            let made = KeyLedger()
            key.ledgerShortcut.value = made
            return made
        }

        /// The lease of `key`'s budget: through its shortcut while the ledger
        /// still holds it, else found (or made) in `leases` and kept.
        mutating func leaseBox(of key: VerifiableKey) -> LeaseBox {
            let kept = shortcut(of: key)
            if let box = kept.lease, !box.isRetired { return box }
            let box = leaseBox(of: key.budget)
            kept.lease = box
            return box
        }

        /// The lease of `budget`, a new one when there is none.
        mutating func leaseBox(of budget: Prehashed<String>) -> LeaseBox {
            if let existing = leases[budget] { return existing }
            let box = LeaseBox()
            leases[budget] = box
            return box
        }

        /// Forgets the lease of `budget`, so no key's shortcut uses it again.
        mutating func forgetLease(of budget: Prehashed<String>) {
            leases.removeValue(forKey: budget)?.isRetired = true
        }

        /// The count of `id`, advanced to `millis` (a new one when there is none).
        mutating func count(_ id: Prehashed<RateWindowKey>, limit: Int64, at millis: Int64) -> WindowCount {
            let count: WindowCount
            if let existing = windows[id] {
                count = existing
                count.window.limit = limit
            } else {
                count = WindowCount(SlidingWindow(limit: limit, windowMillis: id.value.windowMillis))
                windows[id] = count
            }
            count.window.advance(to: millis)
            return count
        }
    }

    /// The largest lease, how many seconds of use a lease holds, and how often
    /// idle windows are swept.
    static let maximumLease: Int64 = 1_000
    static let leaseSeconds: Double = 2
    static let sweepEvery = 4_096

    private let state = Mutex(State())
    private let store: any Store
    private let reservations: QuotaReservations

    init(store: any Store) {
        self.store = store
        self.reservations = QuotaReservations(store: store)
    }

    private enum Step {
        case decided(Decision)
        case wait(Task<(any Error)?, Never>)
    }

    /// Decides and charges `cost` for `key` at `now`. Only a valid answer is
    /// charged, to every limit and the quota at once. With `mode` global on a
    /// shared store, the rate limits are counted in the store, in fixed windows
    /// that every node charges (`chargeRateWindows`); the quota is spent as always.
    public func admit(_ key: VerifiableKey, cost: Int64, at now: Date, mode: RateLimitMode = .local) async throws -> Decision {
        guard mode == .global, store.isShared, !key.rateWindows.isEmpty else { return try await admitHere(key, cost: cost, at: now) }
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var charges: [RateWindowCharge] = []
        var ends: [Int64] = []
        for (id, limit) in zip(key.rateWindows, key.record.ratelimits) {
            let window = id.value.windowMillis
            let start = millis - millis % window
            charges.append(RateWindowCharge(scope: id.value.scope, name: limit.name, windowStart: start, cost: cost, limit: limit.limit))
            ends.append(start + window)
        }
        guard let counts = try await store.chargeRateWindows(charges) else {
            // Which limit refused is not told apart: each shows none left until its window ends.
            let statuses = zip(key.record.ratelimits, ends).map { limit, end in
                RateLimitStatus(name: limit.name, limit: limit.limit, remaining: 0, resetAt: Self.date(millis: end))
            }
            return Decision(
                code: .rateLimited, limits: statuses, remaining: presentedQuota(of: key.record, at: now)?.remaining,
                retryAt: Self.date(millis: ends.max() ?? millis))
        }
        var decision = try await admitHere(key, cost: cost, at: now, countingWindows: false)
        decision.limits = zip(zip(key.record.ratelimits, counts), ends).map { pair, end in
            RateLimitStatus(name: pair.0.name, limit: pair.0.limit, remaining: max(0, pair.0.limit - pair.1), resetAt: Self.date(millis: end))
        }
        return decision
    }

    /// `admit`, when it can decide without waiting: the rate limits are counted
    /// on this node and the quota's lease is in hand (nearly every request).
    /// Nil: call `admit`, which waits for what is missing.
    func admitInMemory(_ key: VerifiableKey, cost: Int64, at now: Date, mode: RateLimitMode = .local) -> Decision? {
        guard mode != .global || !store.isShared || key.rateWindows.isEmpty else { return nil }
        guard !key.rateWindows.isEmpty || key.record.quota != nil else { return .unlimited }
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        let step = state.withLock { state in decide(key, cost: cost, now: now, millis: millis, countingWindows: true, state: &state) }
        guard case .decided(let decision) = step else { return nil }
        return decision
    }

    /// `admit` with every limit counted on this node (or, without
    /// `countingWindows`, the quota alone: the windows were counted in the store).
    private func admitHere(_ key: VerifiableKey, cost: Int64, at now: Date, countingWindows: Bool = true) async throws -> Decision {
        guard (countingWindows && !key.rateWindows.isEmpty) || key.record.quota != nil else { return .unlimited }
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        while true {
            let step = state.withLock { state in
                decide(key, cost: cost, now: now, millis: millis, countingWindows: countingWindows, state: &state)
            }
            switch step {
            case .decided(let decision): return decision
            case .wait(let reservation):
                if let error = await reservation.value { throw error }
                // A request given up (its client left) stops waiting for leases.
                try Task.checkCancellation()
            }
        }
    }

    private func decide(_ key: VerifiableKey, cost: Int64, now: Date, millis: Int64, countingWindows: Bool, state: inout State) -> Step {
        let limits = countingWindows ? key.record.ratelimits : []
        // Each window is found once: decided on first, charged when every check allows.
        let counts = state.counts(of: key, limits: limits, at: millis)
        var retry: Int64?
        for count in counts {
            guard !count.window.admits(cost) else { continue }
            let free = count.window.freeAt(cost, now: millis) ?? millis + count.window.windowMillis
            retry = max(retry ?? free, free)
        }
        let statuses = { zip(counts, limits).map { count, limit in count.status(of: limit, at: millis) } }
        if let retry {
            return .decided(
                Decision(code: .rateLimited, limits: statuses(), remaining: remaining(key, state: state, now: now), retryAt: Self.date(millis: retry))
            )
        }
        var remaining: Int64?
        if let quota = key.record.quota {
            let step = state.leaseBox(of: key).lease.spend(cost, of: quota, at: now) { wanted, atLeast in
                Task { await self.reserve(key.budget, wanted: wanted, atLeast: atLeast, at: now) }
            }
            switch step {
            case .spent(let left): remaining = left
            case .exceeded(let left, let periodEnd):
                return .decided(Decision(code: .usageExceeded, limits: statuses(), remaining: left, retryAt: periodEnd))
            case .wait(let reservation): return .wait(reservation)
            }
        }
        for count in counts { count.window.charge(cost, at: millis) }
        state.admitsSinceSweep += 1
        if state.admitsSinceSweep >= Self.sweepEvery { Self.sweep(&state, millis: millis) }
        return .decided(Decision(code: .valid, limits: statuses(), remaining: remaining, retryAt: nil))
    }

    /// Takes a lease from the store and records it; the error, if any, is the
    /// waiters' answer (a verification fails closed when the store fails).
    private func reserve(_ budgetID: Prehashed<String>, wanted: Int64, atLeast: Int64, at now: Date) async -> (any Error)? {
        do {
            let grant = try await reservations.reserve(budgetID: budgetID.value, wanted: wanted, atLeast: atLeast, at: now)
            state.withLock { state in
                guard let grant else {
                    // The quota was removed; the next read of the key shows it.
                    state.forgetLease(of: budgetID)
                    return
                }
                let box = state.leaseBox(of: budgetID)
                var lease = box.lease
                lease.pending = nil
                if grant.generation != lease.generation || grant.periodEnd != lease.periodEnd { lease.available = 0 }
                lease.available += grant.granted
                lease.storeRemaining = grant.remaining
                lease.generation = grant.generation
                lease.periodEnd = grant.periodEnd
                lease.reservedAt = now
                lease.spentSinceReservation = 0
                box.lease = lease
            }
            return nil
        } catch {
            state.withLock { $0.leases[budgetID]?.lease.pending = nil }
            return error
        }
    }

    /// The quota of `record` as it stands on this node: the store's uses
    /// plus what this node holds reserved and unspent.
    public func presentedQuota(of record: KeyRecord, at now: Date) -> Quota? {
        guard var quota = record.quota?.current(at: now) else { return nil }
        let budget = Prehashed(record.budgetID)
        let held = state.withLock { state -> Int64 in
            guard let lease = state.leases[budget]?.lease, lease.isUsable(for: quota, at: now) else { return 0 }
            return lease.available
        }
        quota.remaining += held
        return quota
    }

    /// Waits for the reservations in flight: until one is recorded, the store
    /// has given uses that `presentedQuota` cannot see yet.
    public func settle() async {
        let pending = state.withLock { state in state.leases.values.compactMap(\.lease.pending) }
        for reservation in pending { _ = await reservation.value }
    }

    /// Gives every unspent lease back to the store (at a clean shutdown).
    public func releaseLeases() async {
        let leases = state.withLock { state in
            defer {
                for box in state.leases.values { box.isRetired = true }
                state.leases.removeAll()
            }
            return state.leases.mapValues(\.lease)
        }
        for (budget, lease) in leases { try? await give(back: lease, of: budget.value) }
    }

    /// Gives the unspent uses this node holds for `budgetID` back to the store,
    /// before a change that keeps `remaining` (so the change does not void them).
    public func releaseLease(of budgetID: String) async throws {
        let budget = Prehashed(budgetID)
        let lease = state.withLock { state -> Lease? in
            guard let lease = state.leases[budget]?.lease else { return nil }
            state.leases[budget]?.lease.available = 0
            return lease
        }
        if let lease { try await give(back: lease, of: budgetID) }
    }

    private func give(back lease: Lease, of budgetID: String) async throws {
        guard lease.available > 0 else { return }
        try await store.releaseQuota(budgetID: budgetID, units: lease.available, generation: lease.generation, periodEnd: lease.periodEnd)
    }

    private func remaining(_ key: VerifiableKey, state: State, now: Date) -> Int64? {
        guard let quota = key.record.quota else { return nil }
        guard let lease = state.leases[key.budget]?.lease, lease.isUsable(for: quota, at: now) else { return quota.current(at: now).remaining }
        return lease.available + lease.storeRemaining
    }

    /// The next lease: about `leaseSeconds` of the key's recent pace, at most
    /// `maximumLease` and a tenth of what the store had left.
    static func leaseTarget(_ lease: Lease, now: Date) -> Int64 {
        let elapsed = max(0.001, now.timeIntervalSince(lease.reservedAt))
        let pace = Double(lease.spentSinceReservation) / elapsed
        let cap = min(maximumLease, max(1, lease.storeRemaining / 10))
        return max(1, min(cap, Int64(min(pace * leaseSeconds, Double(maximumLease)))))
    }

    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// Forgets windows that count nothing any more. Under steady load none
    /// is idle, so the sweep only reads: the dictionary is changed in place,
    /// for the idle ones alone, where it was rebuilt, every window copied into
    /// a new one, on every sweep.
    static func sweep(_ state: inout State, millis: Int64) {
        state.admitsSinceSweep = 0
        var idle: [Prehashed<RateWindowKey>] = []
        for (id, count) in state.windows {
            count.window.advance(to: millis)
            if count.window.isIdle { idle.append(id) }
        }
        for id in idle { state.windows.removeValue(forKey: id)?.isRetired = true }
    }
}
