import Foundation
import KeywardCore
import SQLiteNIO

extension SQLiteWriter {
    func insertKey(_ key: KeyRecord) async throws {
        do {
            try await query(
                """
                INSERT INTO keys (id, keyspace_id, hash, start, name, owner, scopes, meta, expires_at, enabled, created_at,
                updated_at, last_used_at, revoked_at, revoke_reason, rotated_from, rotated_to, version, ip_allowlist)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(key.id), .text(key.keyspaceId), .hash(key.hash), .text(key.start), .optional(key.name), .optional(key.owner),
                    .text(try RecordCoding.json(key.scopes)), .text(try RecordCoding.json(key.meta)), .optional(key.expiresAt),
                    .bool(key.enabled), .time(key.createdAt), .time(key.updatedAt), .optional(key.lastUsedAt), .optional(key.revokedAt),
                    .optional(key.revokeReason), .optional(key.rotatedFrom), .optional(key.rotatedTo), .integer(key.version),
                    .text(try RecordCoding.json(key.ipAllowlist)),
                ]
            )
        } catch  where Self.isConstraint(error, "UNIQUE") {
            throw KeywardError(.alreadyExists, "a key with this id or hash already exists")
        } catch  where Self.isConstraint(error, "FOREIGN KEY") {
            throw KeywardError(.notFound, "no keyspace \(key.keyspaceId)", field: "keyspace")
        }
        changes.note(.key(key.hash))
    }

    func updateKey(id: String, _ change: KeyChanges, at time: Date) async throws -> KeyRecord {
        var assignments = ["updated_at = ?", "version = version + 1"]
        var binds: [SQLiteData] = [.time(time)]
        func set(_ column: String, _ value: SQLiteData) {
            assignments.append("\(column) = ?")
            binds.append(value)
        }
        if let name = change.name { set("name", .optional(name)) }
        if let owner = change.owner { set("owner", .optional(owner)) }
        if let scopes = change.scopes { set("scopes", .text(try RecordCoding.json(scopes))) }
        if let meta = change.meta { set("meta", .text(try RecordCoding.json(meta))) }
        if let ranges = change.ipAllowlist { set("ip_allowlist", .text(try RecordCoding.json(ranges))) }
        if let expiresAt = change.expiresAt { set("expires_at", .optional(expiresAt)) }
        if let enabled = change.enabled { set("enabled", .bool(enabled)) }
        var condition = "id = ? AND revoked_at IS NULL"
        binds.append(.text(id))
        if let version = change.expectedVersion {
            condition += " AND version = ?"
            binds.append(.integer(version))
        }
        try await query("UPDATE keys SET \(assignments.joined(separator: ", ")) WHERE \(condition)", binds)
        let changed = try await changedRows()
        guard let row = try await query("SELECT * FROM keys WHERE id = ?", [.text(id)]).first else {
            throw KeywardError(.notFound, "no key \(id)")
        }
        let record = try SQLiteStore.key(from: row)
        guard changed > 0 else {
            if record.revokedAt != nil {
                throw KeywardError(.conflict, "the key \(id) is revoked; a revoked key cannot be changed (create a new one)")
            }
            throw KeywardError(.conflict, "the key \(id) changed since version \(change.expectedVersion ?? 0); read it again")
        }
        changes.note(.key(record.hash))
        return record
    }

    func revokeKey(id: String, at time: Date, reason: String?) async throws -> Revocation<KeyRecord>? {
        try await query(
            "UPDATE keys SET revoked_at = ?, revoke_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND revoked_at IS NULL",
            [.time(time), .optional(reason), .time(time), .text(id)]
        )
        let changed = try await changedRows()
        guard let row = try await query("SELECT * FROM keys WHERE id = ?", [.text(id)]).first else { return nil }
        let record = try SQLiteStore.key(from: row)
        changes.note(.key(record.hash))
        return Revocation(record: record, isNew: changed > 0)
    }

    func rotateKey(id: String, at time: Date, graceUntil: Date, successor: @Sendable (KeyRecord) throws -> KeyRecord) async throws
        -> KeyRotation?
    {
        guard let row = try await query("SELECT * FROM keys WHERE id = ?", [.text(id)]).first else { return nil }
        let old = try SQLiteStore.key(from: row)
        if let next = old.rotatedTo {
            throw KeywardError(.conflict, "the key \(id) was rotated already (to \(next)); rotate its successor")
        }
        let state = old.state(at: time)
        guard state == .active else { throw KeywardError(.conflict, "the key \(id) is \(state.rawValue); only an active key can be rotated") }
        var new = try successor(old)
        new.rotatedFrom = id
        try await insertKey(new)
        // Inside this transaction nothing else writes: the checks above still hold.
        try await query(
            """
            UPDATE keys SET rotated_to = ?, expires_at = CASE WHEN expires_at IS NULL OR expires_at > ? THEN ? ELSE expires_at END,
            updated_at = ?, version = version + 1 WHERE id = ?
            """,
            [.text(new.id), .time(graceUntil), .time(graceUntil), .time(time), .text(id)]
        )
        guard let updated = try await query("SELECT * FROM keys WHERE id = ?", [.text(id)]).first else {
            throw KeywardError(.storageFailure, "the rotated key \(id) cannot be read back")
        }
        let linked = try SQLiteStore.key(from: updated)
        changes.note(.key(linked.hash))
        return KeyRotation(old: linked, new: new)
    }

    func deleteKey(id: String) async throws -> KeyRecord? {
        guard let row = try await query("SELECT * FROM keys WHERE id = ?", [.text(id)]).first else { return nil }
        try await query("DELETE FROM keys WHERE id = ?", [.text(id)])
        let record = try SQLiteStore.key(from: row)
        changes.note(.key(record.hash))
        return record
    }

    /// Last-used times are not part of what verification caches decide on, so they publish nothing.
    func recordLastUsed(_ times: [String: Date]) async throws {
        for (id, time) in times {
            try await query(
                "UPDATE keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                [.time(time), .text(id), .time(time)]
            )
        }
    }
}
