import Foundation
import KeywardCore
import KeywardStore

/// Runs the pipeline of SPEC §4 for a request: parse, look up through the
/// cache, decide. A malformed key never reaches the store; a known key costs
/// one HMAC and one cache lookup. Nothing is written on this path: the use of
/// a valid key, and a failure the audit log keeps, are noted in memory and
/// written in batches.
///
/// A class: every request reaches it through the engine, and a reference is
/// one pointer where a struct of nine references was copied (nine retains and
/// releases, on objects every request thread shares) per call.
public final class VerificationService: Sendable {
    let lookups: CachedLookups
    let hasher: KeyHasher
    let usage: UsageRecorder
    let audit: AuditRecorder
    let blocker: SourceBlocker
    let guessDelay: GuessDelay
    let limits: LimitLedger
    let time: EngineClock
    let metrics: EngineMetrics

    init(
        lookups: CachedLookups, hasher: KeyHasher, usage: UsageRecorder, audit: AuditRecorder, blocker: SourceBlocker, guessDelay: GuessDelay,
        limits: LimitLedger, time: EngineClock, metrics: EngineMetrics
    ) {
        self.lookups = lookups
        self.hasher = hasher
        self.usage = usage
        self.audit = audit
        self.blocker = blocker
        self.guessDelay = guessDelay
        self.limits = limits
        self.time = time
        self.metrics = metrics
    }

    /// One async frame: every step that can run from memory (a cached key, a
    /// rate limit counted here, a quota lease in hand) is synchronous, and
    /// only a cache miss, a limit counted in the store or a lease not yet
    /// reserved awaits. Under load each async call that did not suspend still
    /// cost a frame from the task's allocator.
    public func verify(_ request: VerificationRequest) async throws -> VerificationOutcome {
        let started = ContinuousClock.now
        let source = request.source ?? request.client
        var outcome: VerificationOutcome
        let now = time.now
        if let key = KeyVerifier.parse(request.key) {
            if let until = blocker.blockedUntil(source, at: now) {
                // 2: a source blocked for brute force gets no answer about any key.
                audit.noteVerification(.sourceBlocked, key: nil, client: source, at: now)
                outcome = VerificationOutcome(code: .sourceBlocked, retryAt: until)
            } else {
                let hash = hasher.hash(key)
                let found: VerifiableKey?
                var throughOutage = false
                if let known = lookups.knownKey(hash: hash) {
                    found = known
                } else {
                    (found, throughOutage) = try await lookUpInStore(hash)
                }
                outcome = try await decide(request, found: found, throughOutage: throughOutage, source: source, at: now)
            }
        } else {
            audit.noteVerification(.malformed, key: nil, client: source, at: now)
            if let event = blocker.noteFailure(source, at: now) { noteBlock(event, at: now) }
            outcome = VerificationOutcome(code: .malformed)
        }
        metrics.verified(outcome.code, elapsed: ContinuousClock.now - started)
        if guessDelay.delays(outcome.code) { await guessDelay.hold(outcome.code) }
        return outcome
    }

    /// The answer when memory alone gives it and it does not wait: a key in
    /// the cache, its limits counted on this node and its quota lease in
    /// hand. Nil otherwise, with nothing counted, charged or noted, so that
    /// the caller can ask `verify` instead (the gateway answers on the event
    /// loop that read the request this way, and hands the rest to the router).
    public func verifyFromMemory(_ request: VerificationRequest) -> VerificationOutcome? {
        let started = ContinuousClock.now
        let source = request.source ?? request.client
        let now = time.now
        // A guess (a key that does not parse or is not known) and a blocked
        // source wait for their answers (`GuessDelay`); a found key's answer never does.
        guard let key = KeyVerifier.parse(request.key), blocker.blockedUntil(source, at: now) == nil,
            case .some(.some(let found)) = lookups.knownKey(hash: hasher.hash(key)),
            let outcome = decideInMemory(request, found: found, throughOutage: false, source: source, at: now)
        else { return nil }
        metrics.verified(outcome.code, elapsed: ContinuousClock.now - started)
        metrics.verifiedFromMemory()
        return outcome
    }

    /// Steps 3 to 8 for the key found (or not), and what they note. Async only
    /// for a limit counted in the store or a lease not yet reserved; an
    /// `@inline(__always)` body, so the fast path adds no frame.
    @inline(__always)
    private func decide(
        _ request: VerificationRequest, found: VerifiableKey?, throughOutage: Bool, source: IPAddress?, at now: Date
    ) async throws -> VerificationOutcome {
        if let outcome = decideInMemory(request, found: found, throughOutage: throughOutage, source: source, at: now) { return outcome }
        // A valid key whose limits are counted in the store, or whose quota
        // lease is being reserved: nothing was charged or noted yet.
        var outcome = KeyVerifier.decide(request, found: found, at: now)
        if outcome.code == .valid, let key = outcome.key {
            let decision = try await limits.admit(key, cost: Int64(request.cost), at: now, mode: throughOutage ? .local : key.rateLimitMode)
            outcome = decision.applied(to: outcome)
        }
        note(outcome, throughOutage: throughOutage, source: source, at: now)
        return outcome
    }

    /// Steps 3 to 8 from memory, and what they note; nil, with nothing
    /// charged or noted, when a limit is counted in the store or the quota's
    /// lease is not in hand. Through an outage a global limit is counted on
    /// this node: the store that holds the shared count is what cannot be reached.
    @inline(__always)
    private func decideInMemory(
        _ request: VerificationRequest, found: VerifiableKey?, throughOutage: Bool, source: IPAddress?, at now: Date
    ) -> VerificationOutcome? {
        var outcome = KeyVerifier.decide(request, found: found, at: now)
        if outcome.code == .valid, let key = outcome.key {
            // 7 and 8: rate limits and quota, charged only when both allow.
            let mode = throughOutage ? .local : key.rateLimitMode
            guard let decision = limits.admitInMemory(key, cost: Int64(request.cost), at: now, mode: mode) else { return nil }
            outcome = decision.applied(to: outcome)
        }
        note(outcome, throughOutage: throughOutage, source: source, at: now)
        return outcome
    }

    /// What a decided answer leaves behind: the key's usage, and the audit
    /// entry and failure count of a refusal.
    @inline(__always)
    private func note(_ outcome: VerificationOutcome, throughOutage: Bool, source: IPAddress?, at now: Date) {
        if throughOutage { metrics.verifiedThroughOutage() }
        if let key = outcome.key { usage.noteVerification(key: key, code: outcome.code, client: source, at: now) }
        if outcome.code != .valid {
            audit.noteVerification(outcome.code, key: outcome.key, client: source, at: now)
            if outcome.code == .notFound, let event = blocker.noteFailure(source, at: now) { noteBlock(event, at: now) }
        }
    }

    /// The key with this hash from the store, on a cache miss, and whether it
    /// came from cache because the store cannot be reached and its keyspace
    /// fails open (`FailOpenWindow`). Any other key, while the store cannot be
    /// reached, is a 503.
    private func lookUpInStore(_ hash: KeyHash) async throws -> (VerifiableKey?, throughOutage: Bool) {
        do {
            return (try await lookups.loadKey(hash: hash), false)
        } catch let error as KeywardError where error.code.kind == .unavailable {
            guard let cached = lookups.keyThroughOutage(hash: hash) else { throw error }
            return (cached, true)
        }
    }

    private func noteBlock(_ event: SourceBlocker.Event, at now: Date) {
        audit.noteBlock(event, at: now)
        usage.noteBlock(event)
    }
}
