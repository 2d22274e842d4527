import Foundation
import KeywardCore

extension SQLStore {
    public func token(id: String) async throws -> TokenRecord? {
        try await read("SELECT * FROM tokens WHERE id = ?", [.text(id)]).first.map(Self.token(from:))
    }

    public func token(hash: KeyHash) async throws -> TokenRecord? {
        try await read("SELECT * FROM tokens WHERE hash = ?", [.hash(hash)]).first.map(Self.token(from:))
    }

    public func listTokens(_ page: PageRequest) async throws -> Page<TokenRecord> {
        let rows = try await read("SELECT * FROM tokens WHERE id > ? ORDER BY id LIMIT ?", [.text(page.cursor ?? ""), .integer(page.limit + 1)])
        return page.page(from: try rows.map(Self.token(from:)), id: \.id)
    }

    public func tokenCount() async throws -> Int {
        try await read("SELECT COUNT(*) AS n FROM tokens")[0].int("n")
    }

    static func token(from row: SQLRow) throws -> TokenRecord {
        TokenRecord(
            id: try row.string("id"),
            hash: try row.keyHash("hash"),
            start: try row.string("start"),
            name: row.optionalString("name"),
            scopes: try RecordCoding.scopes(json: try row.string("scopes")),
            expiresAt: row.optionalDate("expires_at"),
            createdAt: try row.date("created_at"),
            createdBy: try row.string("created_by"),
            revokedAt: row.optionalDate("revoked_at"),
            mfaAt: row.optionalDate("mfa_at")
        )
    }
}
