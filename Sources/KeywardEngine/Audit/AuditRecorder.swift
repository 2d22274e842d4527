import Foundation
import KeywardCore
import KeywardStore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps audit writes off the verification path (SPEC §9, §11): a failed
/// verification or a refused management call is noted in memory, and a
/// background service appends the notes once a second.
///
/// - `REVOKED`, `DISABLED`, `EXPIRED` and `IP_NOT_ALLOWED` become one entry
///   each, in the log within two seconds.
/// - `MALFORMED`, `NOT_FOUND`, `SOURCE_BLOCKED` and refused management calls
///   (401/403) are counted per source, code and minute, and appended as one
///   entry with the count when the minute closes: a flood stays small.
/// - `RATE_LIMITED` and `USAGE_EXCEEDED` are counted the same way per key
///   (the entry's target), source, code and minute.
///
/// Memory is bounded: past `maximumPending` single entries, more are counted
/// with the aggregates; past `maximumBuckets` sources in one minute, the rest
/// share one bucket whose source is `other`.
public final class AuditRecorder: Service, Sendable {
    public static let maximumPending = 10_000
    public static let maximumBuckets = 10_000

    struct Bucket: Hashable {
        var minute: Int64
        var actor: AuditActor
        var source: String?
        var action: String
        var code: String
        /// The key, for refusals counted per key (`RATE_LIMITED`, `USAGE_EXCEEDED`).
        var target: String? = nil
    }

    struct State {
        var pending: [AuditDraft] = []
        var counts: [Bucket: Int] = [:]
    }

    private let state = Mutex(State())
    /// One flush at a time: a flush that returns has written what was noted
    /// before it, also when the background flush had taken it first.
    private let flushing = AsyncMutex()
    private let log: AuditLog
    private let time: EngineClock
    private let logger: Logger
    private let blocker: SourceBlocker?

    init(log: AuditLog, time: EngineClock, logger: Logger, blocker: SourceBlocker? = nil) {
        self.log = log
        self.time = time
        self.logger = logger
        self.blocker = blocker
    }

    /// Notes a block that began (`source.blocked`) or ended (`source.unblocked`).
    public func noteBlock(_ event: SourceBlocker.Event, at now: Date) {
        let source = event.source.description
        let draft = AuditDraft(
            time: now, actor: .client(event.source), action: event.began ? "source.blocked" : "source.unblocked", target: source,
            outcome: event.began ? .denied : .success, sourceIP: source, details: ["until": .string(Timestamp.format(event.until))])
        state.withLock { state in
            if state.pending.count < Self.maximumPending {
                state.pending.append(draft)
            } else {
                // A flood keeps the queue full: the block is still counted, never dropped.
                Self.count(&state, Bucket(minute: Self.minute(now), actor: draft.actor, source: source, action: draft.action, code: "SOURCE_BLOCKED"))
            }
        }
    }

    /// Notes a verification that failed with `code` (VALID and the other
    /// answers that are not security events are ignored).
    public func noteVerification(_ code: VerificationCode, key: VerifiableKey?, client: IPAddress?, at now: Date) {
        let source = client?.description
        switch code {
        case .revoked, .disabled, .expired, .ipNotAllowed:
            var details: [String: JSONValue] = ["code": .string(code.rawValue)]
            if let key {
                details["keyspace"] = .string(key.record.keyspaceId)
                details["start"] = .string(key.record.start)
            }
            let draft = AuditDraft(
                time: now, actor: .client(client), action: Self.action(for: code), target: key?.record.id, outcome: .denied,
                sourceIP: source, details: details)
            state.withLock { state in
                if state.pending.count < Self.maximumPending {
                    state.pending.append(draft)
                } else {
                    Self.count(
                        &state, Bucket(minute: Self.minute(now), actor: draft.actor, source: source, action: draft.action, code: code.rawValue))
                }
            }
        case .malformed, .notFound, .sourceBlocked:
            let bucket = Bucket(minute: Self.minute(now), actor: .client(client), source: source, action: Self.action(for: code), code: code.rawValue)
            state.withLock { Self.count(&$0, bucket) }
        case .rateLimited, .usageExceeded:
            // A client over its allowance repeats itself: one entry per key, source,
            // code and minute, with the count.
            let bucket = Bucket(
                minute: Self.minute(now), actor: .client(client), source: source, action: Self.action(for: code), code: code.rawValue,
                target: key?.record.id)
            state.withLock { Self.count(&$0, bucket) }
        case .insufficientScope, .valid:
            return
        }
    }

    /// Notes a management call refused with 401 or 403 (`code` is the error's
    /// code; `actor` the token when one was accepted but lacked a scope).
    public func noteRefusedCall(code: String, actor: AuditActor, client: IPAddress?, at now: Date) {
        let bucket = Bucket(minute: Self.minute(now), actor: actor, source: client?.description, action: "management.denied", code: code)
        state.withLock { Self.count(&$0, bucket) }
    }

    private static func count(_ state: inout State, _ bucket: Bucket) {
        if state.counts[bucket] != nil || state.counts.count < maximumBuckets {
            state.counts[bucket, default: 0] += 1
        } else {
            var other = bucket
            other.actor = AuditActor(kind: .client, id: "other")
            other.source = nil
            other.target = nil
            state.counts[other, default: 0] += 1
        }
    }

    static func action(for code: VerificationCode) -> String {
        "verification." + code.rawValue.lowercased()
    }

    static func minute(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / 60).rounded(.down))
    }

    /// Appends the single entries and the counts of every minute that has
    /// closed (all of them when `closingAll`, at shutdown). What cannot be
    /// written is kept for the next flush.
    public func flush(closingAll: Bool = false) async {
        await flushing.withLock { await self.flushInOrder(closingAll: closingAll) }
    }

    private func flushInOrder(closingAll: Bool) async {
        let now = time.now
        for event in blocker?.endedBlocks(at: now) ?? [] { noteBlock(event, at: now) }
        let current = Self.minute(now)
        let (pending, closed) = state.withLock { state -> ([AuditDraft], [(Bucket, Int)]) in
            let pending = state.pending
            state.pending.removeAll(keepingCapacity: true)
            let closed = state.counts.filter { closingAll || $0.key.minute < current }
            for (bucket, _) in closed { state.counts[bucket] = nil }
            return (pending, closed.map { ($0.key, $0.value) })
        }
        let aggregates = closed.sorted { ($0.0.minute, $0.0.actor.id, $0.0.action) < ($1.0.minute, $1.0.actor.id, $1.0.action) }.map {
            bucket, count in
            AuditDraft(
                time: now, actor: bucket.actor, action: bucket.action, target: bucket.target, outcome: .denied, sourceIP: bucket.source,
                details: [
                    "code": .string(bucket.code), "count": .number(Double(count)),
                    "minute": .string(Timestamp.format(Date(timeIntervalSince1970: Double(bucket.minute) * 60))),
                ])
        }
        let drafts = pending + aggregates
        guard !drafts.isEmpty else { return }
        do {
            try await log.append(drafts)
        } catch {
            logger.warning(
                "could not write \(drafts.count) audit entries of failed verifications; will retry", metadata: ["error": "\(error)"])
            state.withLock { state in
                state.pending = Array((pending + state.pending).prefix(Self.maximumPending))
                for (bucket, count) in closed { state.counts[bucket, default: 0] += count }
            }
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await self.flush()
            }
        }
        await flush(closingAll: true)
    }
}
