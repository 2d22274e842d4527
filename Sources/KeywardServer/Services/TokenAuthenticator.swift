import Foundation
import KeywardCore
import KeywardStore

extension KeywardServices {
    /// The active token that `text` is, or an `INVALID_TOKEN` error that does not
    /// say which check failed (an attacker learns nothing from it).
    func authenticateToken(_ text: String) async throws -> TokenRecord {
        let invalid = KeywardError(.invalidToken, "the management token is not valid")
        guard let token = APIKey(parsing: text), token.isManagementToken else { throw invalid }
        let record = try await tokenCache.value(for: hasher.hash(token)) { hash in
            try await store.token(hash: hash)
        }
        guard let record, record.state(at: now) == .active else { throw invalid }
        return record
    }

    /// Mints a token with `scopes` for `creator` (nil: the bootstrap root token).
    /// A token can mint only scopes it holds itself.
    func createToken(scopes: [Scope], name: String?, ttl: DurationText?, creator: TokenRecord?) async throws -> (APIKey, TokenRecord) {
        if let creator {
            for scope in scopes where !ManagementScope.allows(creator.scopes, scope) {
                throw KeywardError(.insufficientScope, "a token can grant only scopes it holds; it lacks \(scope.rawValue)", field: "scopes")
            }
        }
        let secret = APIKey.generate(prefix: .managementToken)
        let created = now
        let record = TokenRecord(
            id: RecordID.make(.token), hash: hasher.hash(secret), start: secret.start, name: name, scopes: scopes,
            expiresAt: ttl.map { created.addingTimeInterval($0.timeInterval) }, createdAt: created, createdBy: creator?.id ?? "bootstrap"
        )
        try await store.insertToken(record)
        tokenCache.invalidate(record.hash)
        return (secret, record)
    }

    func revokeToken(id: String) async throws {
        guard var record = try await store.token(id: id) else { throw KeywardError(.notFound, "no token \(id)") }
        if record.revokedAt == nil {
            record.revokedAt = now
            try await store.updateToken(record)
        }
        tokenCache.invalidate(record.hash)
    }
}
