import Foundation
import KeywardCore

extension SQLWriter {
    func insertToken(_ token: TokenRecord) async throws {
        // A token minted by another is inserted only while its creator is not revoked,
        // and a session only while its user is enabled, in the same statement: a mint
        // racing the creator's revocation (or a login racing the user's disabling)
        // cannot leave a live token behind.
        let condition: (sql: String, refused: KeywardError)?
        if RecordID.isValid(token.createdBy, kind: .token) {
            condition = ("SELECT 1 FROM tokens WHERE id = ? AND revoked_at IS NULL", KeywardError(.invalidToken, "the management token is not valid"))
        } else if RecordID.isValid(token.createdBy, kind: .user) {
            condition = ("SELECT 1 FROM users WHERE id = ? AND enabled = 1", KeywardError(.invalidCredentials, "the user cannot log in"))
        } else {
            condition = nil
        }
        do {
            if let condition {
                try await query(
                    """
                    INSERT INTO tokens (id, hash, start, name, scopes, expires_at, created_at, created_by, revoked_at, mfa_at)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (\(condition.sql))
                    """,
                    Self.columns(of: token) + [.text(token.createdBy)]
                )
            } else {
                try await query(
                    "INSERT INTO tokens (id, hash, start, name, scopes, expires_at, created_at, created_by, revoked_at, mfa_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Self.columns(of: token)
                )
            }
        } catch  where Self.isConstraint(error, .unique) {
            throw KeywardError(.alreadyExists, "a token with this id or hash already exists")
        }
        if let condition, try await changedRows() == 0 { throw condition.refused }
        changes.note(.token(token.hash))
    }

    func insertFirstToken(_ token: TokenRecord) async throws -> Bool {
        try await query(
            """
            INSERT INTO tokens (id, hash, start, name, scopes, expires_at, created_at, created_by, revoked_at, mfa_at)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM tokens)
            """,
            Self.columns(of: token)
        )
        let inserted = try await changedRows() > 0
        if inserted { changes.note(.token(token.hash)) }
        return inserted
    }

    func revokeToken(id: String, at time: Date, keepingAnAdmin: Bool) async throws -> [TokenRecord]? {
        guard try await query("SELECT 1 FROM tokens WHERE id = ?", [.text(id)]).first != nil else { return nil }
        // The token and everything minted under it, however deep.
        let family = try await query(
            """
            WITH RECURSIVE family(id) AS (
                SELECT id FROM tokens WHERE id = ?
                UNION SELECT tokens.id FROM tokens JOIN family ON tokens.created_by = family.id
            )
            SELECT tokens.* FROM tokens JOIN family ON tokens.id = family.id WHERE tokens.revoked_at IS NULL
            """,
            [.text(id)]
        ).map(SQLStore.token(from:))
        guard !family.isEmpty else { return [] }
        if keepingAnAdmin {
            let revoking = Set(family.map(\.id))
            let admins = try await query(
                "SELECT id FROM tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND scopes LIKE '%\"admin\"%'",
                [.time(time)]
            ).map { try $0.string("id") }
            if !admins.isEmpty && admins.allSatisfy(revoking.contains) {
                throw KeywardError(
                    .lastAdminToken,
                    "this would revoke the last active admin token and lock every operator out; create another admin token first (or run keyward root-token on the server)"
                )
            }
        }
        for token in family {
            try await query("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.time(time), .text(token.id)])
            changes.note(.token(token.hash))
        }
        return family.map { token in
            var revoked = token
            revoked.revokedAt = time
            return revoked
        }
    }

    private static func columns(of token: TokenRecord) throws -> [SQLValue] {
        [
            .text(token.id), .hash(token.hash), .text(token.start), .optional(token.name), .text(try RecordCoding.json(token.scopes)),
            .optional(token.expiresAt), .time(token.createdAt), .text(token.createdBy), .optional(token.revokedAt),
            .optional(token.mfaAt),
        ]
    }
}
