import Foundation
import KeywardCore
import KeywardStore

/// Runs the pipeline of SPEC §4 for a request: parse, look up through the
/// cache, decide. A malformed key never reaches the store; a known key costs
/// one HMAC and one cache lookup. Nothing is written on this path: the use of
/// a valid key, and a failure the audit log keeps, are noted in memory and
/// written in batches.
public struct VerificationService: Sendable {
    let lookups: CachedLookups
    let hasher: KeyHasher
    let usage: UsageRecorder
    let audit: AuditRecorder
    let time: EngineClock

    public func verify(_ request: VerificationRequest) async throws -> VerificationOutcome {
        guard let key = KeyVerifier.parse(request.key) else {
            audit.noteVerification(.malformed, key: nil, client: request.source ?? request.client, at: time.now)
            return VerificationOutcome(code: .malformed)
        }
        let found = try await lookups.verifiableKey(hash: hasher.hash(key))
        let now = time.now
        let outcome = KeyVerifier.decide(request, found: found, at: now)
        if outcome.code == .valid, let key = outcome.key {
            usage.noteUse(keyID: key.record.id, at: now)
        } else {
            audit.noteVerification(outcome.code, key: outcome.key, client: request.source ?? request.client, at: now)
        }
        return outcome
    }
}
