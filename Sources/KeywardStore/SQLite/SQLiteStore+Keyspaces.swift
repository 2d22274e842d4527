import Foundation
import KeywardCore
import SQLiteNIO

extension SQLiteStore {
    public func insertKeyspace(_ keyspace: Keyspace) async throws {
        do {
            try await write(
                """
                INSERT INTO keyspaces (id, name, prefix, default_scopes, max_lifetime, rotation_period, require_expiry, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(keyspace.id)] + Self.columns(of: keyspace) + [.time(keyspace.createdAt), .time(keyspace.updatedAt)]
            )
        } catch let error as KeywardError where error.message.contains("UNIQUE") {
            throw KeywardError(.alreadyExists, "a keyspace named \(keyspace.name) already exists", field: "name")
        }
    }

    public func keyspace(idOrName: String) async throws -> Keyspace? {
        try await read("SELECT * FROM keyspaces WHERE id = ? OR name = ? LIMIT 1", [.text(idOrName), .text(idOrName)])
            .first.map(Self.keyspace(from:))
    }

    public func listKeyspaces(_ page: PageRequest) async throws -> Page<Keyspace> {
        let rows = try await read(
            "SELECT * FROM keyspaces WHERE id > ? ORDER BY id LIMIT ?",
            [.text(page.cursor ?? ""), .integer(page.limit + 1)]
        )
        return page.page(from: try rows.map(Self.keyspace(from:)), id: \.id)
    }

    public func updateKeyspace(_ keyspace: Keyspace) async throws {
        let changed: Int
        do {
            changed = try await write(
                """
                UPDATE keyspaces SET name = ?, prefix = ?, default_scopes = ?, max_lifetime = ?, rotation_period = ?,
                require_expiry = ?, updated_at = ? WHERE id = ?
                """,
                Self.columns(of: keyspace) + [.time(keyspace.updatedAt), .text(keyspace.id)]
            )
        } catch let error as KeywardError where error.message.contains("UNIQUE") {
            throw KeywardError(.alreadyExists, "a keyspace named \(keyspace.name) already exists", field: "name")
        }
        if changed == 0 { throw KeywardError(.notFound, "no keyspace \(keyspace.id)") }
    }

    public func deleteKeyspace(id: String) async throws -> Bool {
        try await transaction { connection in
            let keys = try await connection.query("SELECT COUNT(*) AS n FROM keys WHERE keyspace_id = ?", [.text(id)])[0].int("n")
            if keys > 0 {
                throw KeywardError(.conflict, "the keyspace still holds \(keys) keys; delete or move them first")
            }
            _ = try await connection.query("DELETE FROM keyspaces WHERE id = ?", [.text(id)])
            return try await connection.query("SELECT changes() AS n")[0].int("n") > 0
        }
    }

    private static func columns(of keyspace: Keyspace) -> [SQLiteData] {
        [
            .text(keyspace.name), .text(keyspace.prefix.rawValue), .text(RecordCoding.json(keyspace.defaultScopes)),
            .optional(keyspace.maxLifetime?.text), .optional(keyspace.rotationPeriod?.text), .bool(keyspace.requireExpiry),
        ]
    }

    static func keyspace(from row: SQLiteRow) throws -> Keyspace {
        Keyspace(
            id: try row.string("id"),
            name: try row.string("name"),
            prefix: try KeyPrefix(keyspacePrefix: try row.string("prefix")),
            defaultScopes: try RecordCoding.scopes(json: try row.string("default_scopes")),
            maxLifetime: try row.optionalString("max_lifetime").map { text throws(KeywardError) in try DurationText(parsing: text) },
            rotationPeriod: try row.optionalString("rotation_period").map { text throws(KeywardError) in try DurationText(parsing: text) },
            requireExpiry: try row.bool("require_expiry"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at")
        )
    }
}
