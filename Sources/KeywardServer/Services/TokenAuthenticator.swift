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
        if let creator { try Self.requireHolds(scopes, by: creator, to: "grant only scopes it holds", field: "scopes") }
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

    /// Revokes the token `id` for `revoker`, which must hold every scope of the
    /// token it revokes: `tokens:write` alone cannot take away the root token.
    func revokeToken(id: String, by revoker: TokenRecord) async throws {
        guard var record = try await store.token(id: id) else {
            throw KeywardError(.notFound, "no " + EchoedID.describe(id, kind: .token, noun: "token"))
        }
        try Self.requireHolds(record.scopes, by: revoker, to: "revoke only tokens whose scopes it holds", field: nil)
        if record.revokedAt == nil {
            record.revokedAt = now
            try await store.updateToken(record)
        }
        tokenCache.invalidate(record.hash)
    }

    /// The rule for minting and for revoking: a token acts only on scopes it holds.
    private static func requireHolds(_ scopes: [Scope], by actor: TokenRecord, to action: String, field: String?) throws(KeywardError) {
        for scope in scopes where !ManagementScope.allows(actor.scopes, scope) {
            throw KeywardError(.insufficientScope, "a token can \(action); it lacks \(scope.rawValue)", field: field)
        }
    }
}
