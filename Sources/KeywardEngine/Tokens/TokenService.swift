import Foundation
import KeywardCore
import KeywardStore

/// Management tokens: authenticating them, minting them and revoking them.
public struct TokenService: Sendable {
    let store: any Store
    let audit: AuditLog
    let lookups: CachedLookups
    let hasher: KeyHasher
    let time: EngineClock

    /// The active token that `text` is, or an `INVALID_TOKEN` error that does not
    /// say which check failed (an attacker learns nothing from it).
    public func authenticate(_ text: String) async throws -> TokenRecord {
        let invalid = KeywardError(.invalidToken, "the management token is not valid")
        guard let token = APIKey(parsing: text), token.isManagementToken else { throw invalid }
        guard let record = try await lookups.token(hash: hasher.hash(token)), record.state(at: time.now) == .active else { throw invalid }
        return record
    }

    /// A token just made: the plaintext (its only copy) and its record.
    public struct Created: Sendable {
        public var token: APIKey
        public var record: TokenRecord
    }

    /// Mints a token with `scopes` for `creator`. A token can mint only scopes
    /// it holds itself, and what it mints never outlives it: the new token's
    /// expiry is capped at the creator's (revoking the creator revokes it too).
    public func create(scopes: [Scope], name: String?, ttl: DurationText?, creator: TokenRecord, sourceIP: String?) async throws -> Created {
        try Self.requireHolds(scopes, by: creator, to: "grant only scopes it holds", field: "scopes")
        let created = time.now
        var expiresAt = ttl.map { created.addingTimeInterval($0.timeInterval) }
        if let limit = creator.expiresAt { expiresAt = min(expiresAt ?? limit, limit) }
        let (secret, record) = make(scopes: scopes, name: name, expiresAt: expiresAt, createdBy: creator.id, at: created)
        try await insert(record, by: AuditContext(actor: .token(creator), sourceIP: sourceIP))
        return Created(token: secret, record: record)
    }

    /// Inserts a made token with its `token.create` entry.
    func insert(_ record: TokenRecord, by context: AuditContext) async throws {
        try await audit.record { writer in
            try await writer.insertToken(record)
            return ((), [context.draft("token.create", target: record.id, at: record.createdAt, details: AuditDetails.token(record))])
        }
    }

    /// A fresh token and its record (not stored yet), for `create` and the root token.
    func make(scopes: [Scope], name: String?, expiresAt: Date?, createdBy: String, at created: Date) -> (APIKey, TokenRecord) {
        let secret = APIKey.generate(prefix: .managementToken)
        let record = TokenRecord(
            id: RecordID.make(.token), hash: hasher.hash(secret), start: secret.start, name: name, scopes: scopes,
            expiresAt: expiresAt, createdAt: created, createdBy: createdBy
        )
        return (secret, record)
    }

    public func list(_ page: PageRequest) async throws -> Page<TokenRecord> {
        try await store.listTokens(page)
    }

    /// Revokes token `id` and every token minted under it, for `revoker`, which
    /// must hold every scope of the token it revokes (`tokens:write` alone cannot
    /// take away the root token). The last active admin token is never revoked
    /// (`LAST_ADMIN_TOKEN`, 409). Returns what this call revoked.
    @discardableResult
    public func revoke(id: String, by revoker: TokenRecord, sourceIP: String?) async throws -> [TokenRecord] {
        guard let record = try await store.token(id: id) else { throw Self.noToken(id) }
        try Self.requireHolds(record.scopes, by: revoker, to: "revoke only tokens whose scopes it holds", field: nil)
        let context = AuditContext(actor: .token(revoker), sourceIP: sourceIP)
        guard let revoked = try await revoke(id: id, keepingAnAdmin: true, action: "token.revoke", by: context, details: [:]) else {
            throw Self.noToken(id)
        }
        return revoked
    }

    /// Revokes a token reported as leaked, with what it minted. A leak is not a
    /// choice: even the last admin token goes (`keyward root-token` recovers).
    func revokeLeaked(id: String, by context: AuditContext, details: [String: JSONValue]) async throws -> [TokenRecord] {
        try await revoke(id: id, keepingAnAdmin: false, action: "leak.report", by: context, details: details) ?? []
    }

    /// One entry for each token revoked; those revoked because their creator
    /// was name it in `revokedWith`.
    private func revoke(id: String, keepingAnAdmin: Bool, action: String, by context: AuditContext, details: [String: JSONValue])
        async throws -> [TokenRecord]?
    {
        let now = time.now
        return try await audit.record { writer in
            guard let revoked = try await writer.revokeToken(id: id, at: now, keepingAnAdmin: keepingAnAdmin) else { return (nil, []) }
            let drafts = revoked.map { token in
                var entry = details.merging(AuditDetails.token(token)) { given, _ in given }
                if token.id != id { entry["revokedWith"] = .string(id) }
                return context.draft(action, target: token.id, at: now, details: entry)
            }
            return (revoked, drafts)
        }
    }

    /// The rule for minting and for revoking: a token acts only on scopes it holds.
    static func requireHolds(_ scopes: [Scope], by actor: TokenRecord, to action: String, field: String?) throws(KeywardError) {
        for scope in scopes where !ManagementScope.allows(actor.scopes, scope) {
            throw KeywardError(.insufficientScope, "a token can \(action); it lacks \(scope.rawValue)", field: field)
        }
    }

    static func noToken(_ id: String) -> KeywardError {
        KeywardError(.notFound, "no " + EchoedID.describe(id, kind: .token, noun: "token"))
    }
}
