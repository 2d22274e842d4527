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

    /// Limits of the same name and window share state when their scope is the
    /// same: one budget (a key and its successors), or keyspace and owner. A
    /// changed `limit` keeps the count; a changed window starts a new one.
    struct WindowID: Hashable {
        var scope: String
        var name: String
        var windowMillis: Int64
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
    }

    struct State {
        var windows: [WindowID: SlidingWindow] = [:]
        var leases: [String: Lease] = [:]
        var admitsSinceSweep = 0

        /// Runs `body` on the window of `id` in place (a new one when there is none).
        mutating func window<T>(_ id: WindowID, limit: Int64, _ body: (inout SlidingWindow) -> T) -> T {
            body(&windows[id, default: SlidingWindow(limit: limit, windowMillis: id.windowMillis)])
        }

        func statuses(_ ids: [WindowID], _ limits: [RateLimit], _ millis: Int64) -> [RateLimitStatus] {
            zip(ids, limits).map { id, limit in
                let window = windows[id]
                return RateLimitStatus(
                    name: limit.name, limit: limit.limit, remaining: window?.remaining ?? limit.limit,
                    resetAt: LimitLedger.date(millis: window?.nextRelease(now: millis) ?? millis))
            }
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
    public func admit(_ key: KeyRecord, cost: Int64, at now: Date, mode: RateLimitMode = .local) async throws -> Decision {
        guard mode == .global, store.isShared, !key.ratelimits.isEmpty else { return try await admit(key, cost: cost, at: now) }
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        var charges: [RateWindowCharge] = []
        var ends: [Int64] = []
        for limit in key.ratelimits {
            let window = limit.window.seconds * 1000
            let start = millis - millis % window
            charges.append(
                RateWindowCharge(scope: Self.scope(of: limit, for: key), name: limit.name, windowStart: start, cost: cost, limit: limit.limit))
            ends.append(start + window)
        }
        guard let counts = try await store.chargeRateWindows(charges) else {
            // Which limit refused is not told apart: each shows none left until its window ends.
            let statuses = zip(key.ratelimits, ends).map { limit, end in
                RateLimitStatus(name: limit.name, limit: limit.limit, remaining: 0, resetAt: Self.date(millis: end))
            }
            return Decision(
                code: .rateLimited, limits: statuses, remaining: presentedQuota(of: key, at: now)?.remaining,
                retryAt: Self.date(millis: ends.max() ?? millis))
        }
        var quotaOnly = key
        quotaOnly.ratelimits = []
        var decision = try await admit(quotaOnly, cost: cost, at: now)
        decision.limits = zip(zip(key.ratelimits, counts), ends).map { pair, end in
            RateLimitStatus(name: pair.0.name, limit: pair.0.limit, remaining: max(0, pair.0.limit - pair.1), resetAt: Self.date(millis: end))
        }
        return decision
    }

    /// `admit` with every limit counted on this node.
    private func admit(_ key: KeyRecord, cost: Int64, at now: Date) async throws -> Decision {
        guard !key.ratelimits.isEmpty || key.quota != nil else { return .unlimited }
        let ids = key.ratelimits.map { WindowID(scope: Self.scope(of: $0, for: key), name: $0.name, windowMillis: $0.window.seconds * 1000) }
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        while true {
            let step = state.withLock { state in decide(key, ids: ids, cost: cost, now: now, millis: millis, state: &state) }
            switch step {
            case .decided(let decision): return decision
            case .wait(let reservation):
                if let error = await reservation.value { throw error }
            }
        }
    }

    private func decide(_ key: KeyRecord, ids: [WindowID], cost: Int64, now: Date, millis: Int64, state: inout State) -> Step {
        // Windows are changed in place: a copy taken out of the dictionary would
        // copy its slots on the first charge.
        var retry: Int64?
        for (id, limit) in zip(ids, key.ratelimits) {
            let free = state.window(id, limit: limit.limit) { window -> Int64? in
                window.limit = limit.limit
                window.advance(to: millis)
                return window.admits(cost) ? nil : window.freeAt(cost, now: millis) ?? millis + window.windowMillis
            }
            if let free { retry = max(retry ?? free, free) }
        }
        if let retry {
            return .decided(
                Decision(
                    code: .rateLimited, limits: state.statuses(ids, key.ratelimits, millis), remaining: remaining(key, state: state, now: now),
                    retryAt: Self.date(millis: retry)))
        }
        var remaining: Int64?
        if let quota = key.quota {
            var lease = state.leases[key.budgetID] ?? Lease()
            let usable = lease.isUsable(for: quota, at: now)
            if usable, lease.available >= cost {
                lease.available -= cost
                lease.spentSinceReservation += cost
                remaining = lease.available + lease.storeRemaining
                // Half spent: the next lease is reserved now, so no request waits for it.
                let target = Self.leaseTarget(lease, now: now)
                if lease.pending == nil, lease.storeRemaining > 0, lease.available < (target + 1) / 2 {
                    lease.pending = Task { await self.reserve(key.budgetID, wanted: target, atLeast: 1, at: now) }
                }
                state.leases[key.budgetID] = lease
            } else if usable, lease.available + lease.storeRemaining < cost {
                return .decided(
                    Decision(
                        code: .usageExceeded, limits: state.statuses(ids, key.ratelimits, millis),
                        remaining: lease.available + lease.storeRemaining,
                        retryAt: lease.periodEnd))
            } else if let pending = lease.pending {
                return .wait(pending)
            } else {
                if !usable { lease = Lease(storeRemaining: lease.storeRemaining, pending: nil) }
                let needed = cost - lease.available
                let wanted = max(needed, Self.leaseTarget(lease, now: now))
                let reservation = Task { await self.reserve(key.budgetID, wanted: wanted, atLeast: needed, at: now) }
                lease.pending = reservation
                state.leases[key.budgetID] = lease
                return .wait(reservation)
            }
        }
        for (id, limit) in zip(ids, key.ratelimits) { state.window(id, limit: limit.limit) { $0.charge(cost, at: millis) } }
        state.admitsSinceSweep += 1
        if state.admitsSinceSweep >= Self.sweepEvery { Self.sweep(&state, millis: millis) }
        return .decided(Decision(code: .valid, limits: state.statuses(ids, key.ratelimits, millis), remaining: remaining, retryAt: nil))
    }

    /// Takes a lease from the store and records it; the error, if any, is the
    /// waiters' answer (a verification fails closed when the store fails).
    private func reserve(_ budgetID: String, wanted: Int64, atLeast: Int64, at now: Date) async -> (any Error)? {
        do {
            let grant = try await reservations.reserve(budgetID: budgetID, wanted: wanted, atLeast: atLeast, at: now)
            state.withLock { state in
                var lease = state.leases[budgetID] ?? Lease()
                lease.pending = nil
                guard let grant else {
                    // The quota was removed; the next read of the key shows it.
                    state.leases[budgetID] = nil
                    return
                }
                if grant.generation != lease.generation || grant.periodEnd != lease.periodEnd { lease.available = 0 }
                lease.available += grant.granted
                lease.storeRemaining = grant.remaining
                lease.generation = grant.generation
                lease.periodEnd = grant.periodEnd
                lease.reservedAt = now
                lease.spentSinceReservation = 0
                state.leases[budgetID] = lease
            }
            return nil
        } catch {
            state.withLock { $0.leases[budgetID]?.pending = nil }
            return error
        }
    }

    /// The quota of `record` as it stands on this node: the store's uses
    /// plus what this node holds reserved and unspent.
    public func presentedQuota(of record: KeyRecord, at now: Date) -> Quota? {
        guard var quota = record.quota?.current(at: now) else { return nil }
        let held = state.withLock { state -> Int64 in
            guard let lease = state.leases[record.budgetID], lease.isUsable(for: quota, at: now) else { return 0 }
            return lease.available
        }
        quota.remaining += held
        return quota
    }

    /// Waits for the reservations in flight: until one is recorded, the store
    /// has given uses that `presentedQuota` cannot see yet.
    public func settle() async {
        let pending = state.withLock { state in state.leases.values.compactMap(\.pending) }
        for reservation in pending { _ = await reservation.value }
    }

    /// Gives every unspent lease back to the store (at a clean shutdown).
    public func releaseLeases() async {
        let leases = state.withLock { state in
            defer { state.leases.removeAll() }
            return state.leases
        }
        for (budgetID, lease) in leases { try? await give(back: lease, of: budgetID) }
    }

    /// Gives the unspent uses this node holds for `budgetID` back to the store,
    /// before a change that keeps `remaining` (so the change does not void them).
    public func releaseLease(of budgetID: String) async throws {
        let lease = state.withLock { state -> Lease? in
            guard let lease = state.leases[budgetID] else { return nil }
            state.leases[budgetID]?.available = 0
            return lease
        }
        if let lease { try await give(back: lease, of: budgetID) }
    }

    private func give(back lease: Lease, of budgetID: String) async throws {
        guard lease.available > 0 else { return }
        try await store.releaseQuota(budgetID: budgetID, units: lease.available, generation: lease.generation, periodEnd: lease.periodEnd)
    }

    private func remaining(_ key: KeyRecord, state: State, now: Date) -> Int64? {
        guard let quota = key.quota else { return nil }
        guard let lease = state.leases[key.budgetID], lease.isUsable(for: quota, at: now) else { return quota.current(at: now).remaining }
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

    static func scope(of limit: RateLimit, for key: KeyRecord) -> String {
        if limit.per == .owner, let owner = key.owner { return "owner\u{1F}\(key.keyspaceId)\u{1F}\(owner)" }
        return key.budgetID
    }

    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// Forgets windows that count nothing any more.
    static func sweep(_ state: inout State, millis: Int64) {
        state.admitsSinceSweep = 0
        state.windows = state.windows.filter { _, window in
            var window = window
            window.advance(to: millis)
            return !window.isIdle
        }
    }
}
