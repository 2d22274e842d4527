import Foundation
import KeywardCore
import SQLiteNIO

extension SQLiteStore {
    public func insertKey(_ key: KeyRecord) async throws {
        do {
            try await write(
                """
                INSERT INTO keys (id, keyspace_id, hash, start, name, owner, scopes, meta, expires_at, enabled, created_at,
                updated_at, last_used_at, revoked_at, revoke_reason, rotated_from, rotated_to)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(key.id), .text(key.keyspaceId), .hash(key.hash), .text(key.start)] + Self.mutableColumns(of: key)
                    + [.time(key.createdAt)] + Self.trailingColumns(of: key)
            )
        } catch let error as KeywardError where error.message.contains("UNIQUE") {
            throw KeywardError(.alreadyExists, "a key with this id or hash already exists")
        } catch let error as KeywardError where error.message.contains("FOREIGN KEY") {
            throw KeywardError(.notFound, "no keyspace \(key.keyspaceId)", field: "keyspace")
        }
    }

    public func key(id: String) async throws -> KeyRecord? {
        try await read("SELECT * FROM keys WHERE id = ?", [.text(id)]).first.map(Self.key(from:))
    }

    public func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        guard
            let row = try await read(
                "SELECT keys.*, keyspaces.name AS keyspace_name FROM keys JOIN keyspaces ON keyspaces.id = keys.keyspace_id WHERE keys.hash = ?",
                [.hash(hash)]
            ).first
        else { return nil }
        return VerifiableKey(record: try Self.key(from: row), keyspaceName: try row.string("keyspace_name"))
    }

    public func listKeys(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord> {
        var conditions = ["id > ?"]
        var binds: [SQLiteData] = [.text(page.cursor ?? "")]
        if let keyspaceId = filter.keyspaceId {
            conditions.append("keyspace_id = ?")
            binds.append(.text(keyspaceId))
        }
        if let owner = filter.owner {
            conditions.append("owner = ?")
            binds.append(.text(owner))
        }
        if let state = filter.state {
            let now = SQLiteData.time(filter.now)
            switch state {
            case .revoked:
                conditions.append("revoked_at IS NOT NULL")
            case .disabled:
                conditions.append("revoked_at IS NULL AND enabled = 0")
            case .expired:
                conditions.append("revoked_at IS NULL AND enabled = 1 AND expires_at IS NOT NULL AND expires_at <= ?")
                binds.append(now)
            case .active:
                conditions.append("revoked_at IS NULL AND enabled = 1 AND (expires_at IS NULL OR expires_at > ?)")
                binds.append(now)
            }
        }
        binds.append(.integer(page.limit + 1))
        let rows = try await read("SELECT * FROM keys WHERE \(conditions.joined(separator: " AND ")) ORDER BY id LIMIT ?", binds)
        return page.page(from: try rows.map(Self.key(from:)), id: \.id)
    }

    public func updateKey(_ key: KeyRecord) async throws {
        let changed = try await write(
            """
            UPDATE keys SET name = ?, owner = ?, scopes = ?, meta = ?, expires_at = ?, enabled = ?, updated_at = ?,
            last_used_at = ?, revoked_at = ?, revoke_reason = ?, rotated_from = ?, rotated_to = ? WHERE id = ?
            """,
            Self.mutableColumns(of: key) + Self.trailingColumns(of: key) + [.text(key.id)]
        )
        if changed == 0 { throw KeywardError(.notFound, "no key \(key.id)") }
    }

    public func deleteKey(id: String) async throws -> KeyRecord? {
        try await transaction { connection in
            guard let row = try await connection.query("SELECT * FROM keys WHERE id = ?", [.text(id)]).first else { return nil }
            _ = try await connection.query("DELETE FROM keys WHERE id = ?", [.text(id)])
            return try Self.key(from: row)
        }
    }

    public func recordLastUsed(_ times: [String: Date]) async throws {
        guard !times.isEmpty else { return }
        try await transaction { connection in
            for (id, time) in times {
                _ = try await connection.query(
                    "UPDATE keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                    [.time(time), .text(id), .time(time)]
                )
            }
        }
    }

    /// name, owner, scopes, meta, expires_at, enabled
    private static func mutableColumns(of key: KeyRecord) -> [SQLiteData] {
        [
            .optional(key.name), .optional(key.owner), .text(RecordCoding.json(key.scopes)), .text(RecordCoding.json(key.meta)),
            .optional(key.expiresAt), .bool(key.enabled),
        ]
    }

    /// updated_at, last_used_at, revoked_at, revoke_reason, rotated_from, rotated_to
    private static func trailingColumns(of key: KeyRecord) -> [SQLiteData] {
        [
            .time(key.updatedAt), .optional(key.lastUsedAt), .optional(key.revokedAt), .optional(key.revokeReason),
            .optional(key.rotatedFrom), .optional(key.rotatedTo),
        ]
    }

    static func key(from row: SQLiteRow) throws -> KeyRecord {
        KeyRecord(
            id: try row.string("id"),
            keyspaceId: try row.string("keyspace_id"),
            hash: try row.keyHash("hash"),
            start: try row.string("start"),
            name: row.optionalString("name"),
            owner: row.optionalString("owner"),
            scopes: try RecordCoding.scopes(json: try row.string("scopes")),
            meta: try RecordCoding.decode([String: JSONValue].self, try row.string("meta")),
            expiresAt: row.optionalDate("expires_at"),
            enabled: try row.bool("enabled"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            lastUsedAt: row.optionalDate("last_used_at"),
            revokedAt: row.optionalDate("revoked_at"),
            revokeReason: row.optionalString("revoke_reason"),
            rotatedFrom: row.optionalString("rotated_from"),
            rotatedTo: row.optionalString("rotated_to")
        )
    }
}
