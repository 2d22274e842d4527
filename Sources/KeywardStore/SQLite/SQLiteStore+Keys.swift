import Foundation
import KeywardCore
import SQLiteNIO

extension SQLiteStore {
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
        var conditions = SQLiteConditions()
        conditions.add("id > ?", .text(page.cursor ?? ""))
        conditions.equal("keyspace_id", filter.keyspaceId)
        conditions.equal("owner", filter.owner)
        if let state = filter.state {
            let now = SQLiteData.time(filter.now)
            switch state {
            case .revoked: conditions.add("revoked_at IS NOT NULL")
            case .disabled: conditions.add("revoked_at IS NULL AND enabled = 0")
            case .expired: conditions.add("revoked_at IS NULL AND enabled = 1 AND expires_at IS NOT NULL AND expires_at <= ?", now)
            case .active: conditions.add("revoked_at IS NULL AND enabled = 1 AND (expires_at IS NULL OR expires_at > ?)", now)
            }
        }
        let rows = try await read("SELECT * FROM keys WHERE \(conditions.sql) ORDER BY id LIMIT ?", conditions.binds + [.integer(page.limit + 1)])
        return page.page(from: try rows.map(Self.key(from:)), id: \.id)
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
            ipAllowlist: try RecordCoding.ranges(json: try row.string("ip_allowlist")),
            meta: try RecordCoding.meta(json: try row.string("meta")),
            expiresAt: row.optionalDate("expires_at"),
            enabled: try row.bool("enabled"),
            createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"),
            lastUsedAt: row.optionalDate("last_used_at"),
            revokedAt: row.optionalDate("revoked_at"),
            revokeReason: row.optionalString("revoke_reason"),
            rotatedFrom: row.optionalString("rotated_from"),
            rotatedTo: row.optionalString("rotated_to"),
            version: try row.int("version")
        )
    }
}
