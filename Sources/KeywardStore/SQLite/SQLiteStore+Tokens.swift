import Foundation
import KeywardCore
import SQLiteNIO

extension SQLiteStore {
    public func insertToken(_ token: TokenRecord) async throws {
        do {
            try await write(
                "INSERT INTO tokens (id, hash, start, name, scopes, expires_at, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(token.id), .hash(token.hash), .text(token.start), .optional(token.name), .text(RecordCoding.json(token.scopes)),
                    .optional(token.expiresAt), .time(token.createdAt), .text(token.createdBy), .optional(token.revokedAt),
                ]
            )
        } catch let error as KeywardError where error.message.contains("UNIQUE") {
            throw KeywardError(.alreadyExists, "a token with this id or hash already exists")
        }
    }

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

    public func updateToken(_ token: TokenRecord) async throws {
        let changed = try await write(
            "UPDATE tokens SET name = ?, scopes = ?, expires_at = ?, revoked_at = ? WHERE id = ?",
            [.optional(token.name), .text(RecordCoding.json(token.scopes)), .optional(token.expiresAt), .optional(token.revokedAt), .text(token.id)]
        )
        if changed == 0 { throw KeywardError(.notFound, "no token \(token.id)") }
    }

    public func tokenCount() async throws -> Int {
        try await read("SELECT COUNT(*) AS n FROM tokens")[0].int("n")
    }

    static func token(from row: SQLiteRow) throws -> TokenRecord {
        TokenRecord(
            id: try row.string("id"),
            hash: try row.keyHash("hash"),
            start: try row.string("start"),
            name: row.optionalString("name"),
            scopes: try RecordCoding.scopes(json: try row.string("scopes")),
            expiresAt: row.optionalDate("expires_at"),
            createdAt: try row.date("created_at"),
            createdBy: try row.string("created_by"),
            revokedAt: row.optionalDate("revoked_at")
        )
    }
}
