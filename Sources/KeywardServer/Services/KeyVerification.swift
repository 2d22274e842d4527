import Foundation
import KeywardCore
import KeywardStore

/// One verification request, from `POST /v1/keys/verify` or `/v1/auth`.
struct VerificationRequest: Sendable {
    var key: String
    var keyspace: String?
    var scopes: ScopeQuery?
    var client: IPAddress?
    var cost: Int = 1
}

/// The answer with the key it concerns (nil when the key was not found).
struct VerificationResult: Sendable {
    var code: VerificationCode
    var key: VerifiableKey?
}

extension KeywardServices {
    /// Runs the checks of SPEC §4 in order. A malformed key never reaches the
    /// store; a known key costs one HMAC and one cache lookup.
    func verify(_ request: VerificationRequest) async throws -> VerificationResult {
        guard let key = KeyVerifier.parse(request.key) else { return VerificationResult(code: .malformed) }
        let found = try await keyCache.value(for: hasher.hash(key)) { hash in
            try await store.verifiableKey(hash: hash)
        }
        let time = now
        let stateCode = KeyVerifier.check(found, keyspace: request.keyspace, at: time)
        guard let found, stateCode != .notFound else { return VerificationResult(code: .notFound) }
        guard stateCode == .valid else { return VerificationResult(code: stateCode, key: found) }
        if let query = request.scopes, !query.isSatisfied(by: found.record.scopes) {
            return VerificationResult(code: .insufficientScope, key: found)
        }
        usage.noteUse(keyID: found.record.id, at: time)
        return VerificationResult(code: .valid, key: found)
    }
}
