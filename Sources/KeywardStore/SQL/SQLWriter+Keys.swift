import Foundation
import KeywardCore

extension SQLWriter {
    func insertKey(_ key: KeyRecord) async throws {
        do {
            try await query(
                """
                INSERT INTO keys (id, keyspace_id, hash, start, name, owner, scopes, meta, expires_at, enabled, created_at,
                updated_at, last_used_at, revoked_at, revoke_reason, rotated_from, rotated_to, version, ip_allowlist, ratelimits, budget_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(key.id), .text(key.keyspaceId), .hash(key.hash), .text(key.start), .optional(key.name), .optional(key.owner),
                    .text(try RecordCoding.json(key.scopes)), .text(try RecordCoding.json(key.meta)), .optional(key.expiresAt),
                    .bool(key.enabled), .time(key.createdAt), .time(key.updatedAt), .optional(key.lastUsedAt), .optional(key.revokedAt),
                    .optional(key.revokeReason), .optional(key.rotatedFrom), .optional(key.rotatedTo), .integer(key.version),
                    .text(try RecordCoding.json(key.ipAllowlist)), .text(try RecordCoding.json(key.ratelimits)), .text(key.budgetID),
                ]
            )
            // A rotation successor shares its line's quota, which exists already.
            if let quota = key.quota {
                try await query(
                    """
                    INSERT INTO quotas (budget_id, remaining, refill_amount, refill_interval, refilled_at, generation)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(budget_id) DO NOTHING
                    """,
                    Self.quotaBinds(budgetID: key.budgetID, quota))
            }
        } catch  where Self.isConstraint(error, .unique) {
            throw KeywardError(.alreadyExists, "a key with this id or hash already exists")
        } catch  where Self.isConstraint(error, .foreignKey) {
            throw KeywardError(.notFound, "no keyspace \(key.keyspaceId)", field: "keyspace")
        }
        changes.note(.key(key.hash))
    }

    func updateKey(id: String, _ change: KeyChanges, at time: Date) async throws -> KeyRecord {
        var assignments = ["updated_at = ?", "version = version + 1"]
        var binds: [SQLValue] = [.time(time)]
        func set(_ column: String, _ value: SQLValue) {
            assignments.append("\(column) = ?")
            binds.append(value)
        }
        if let name = change.name { set("name", .optional(name)) }
        if let owner = change.owner { set("owner", .optional(owner)) }
        if let scopes = change.scopes { set("scopes", .text(try RecordCoding.json(scopes))) }
        if let meta = change.meta { set("meta", .text(try RecordCoding.json(meta))) }
        if let ranges = change.ipAllowlist { set("ip_allowlist", .text(try RecordCoding.json(ranges))) }
        if let limits = change.ratelimits { set("ratelimits", .text(try RecordCoding.json(limits))) }
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
        guard var record = try await key(id: id) else {
            throw KeywardError(.notFound, "no key \(id)")
        }
        guard changed > 0 else {
            if record.revokedAt != nil {
                throw KeywardError(.conflict, "the key \(id) is revoked; a revoked key cannot be changed (create a new one)")
            }
            throw KeywardError(.conflict, "the key \(id) changed since version \(change.expectedVersion ?? 0); read it again")
        }
        if let quota = change.quota {
            record.quota = try await setQuota(budgetID: record.budgetID, quota.applied(to: record.quota, at: time))
        }
        changes.note(.key(record.hash))
        return record
    }

    /// The key as stored, with its budget's quota.
    func key(id: String) async throws -> KeyRecord? {
        try await query("SELECT \(SQLStore.keyColumns) FROM \(SQLStore.keyTables) WHERE id = ?", [.text(id)]).first
            .map(SQLStore.key(from:))
    }

    /// Replaces (or with nil, removes) the quota of a budget.
    private func setQuota(budgetID: String, _ quota: Quota?) async throws -> Quota? {
        guard let quota else {
            try await query("DELETE FROM quotas WHERE budget_id = ?", [.text(budgetID)])
            return nil
        }
        try await query(
            """
            INSERT INTO quotas (budget_id, remaining, refill_amount, refill_interval, refilled_at, generation) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(budget_id) DO UPDATE SET remaining = excluded.remaining, refill_amount = excluded.refill_amount,
            refill_interval = excluded.refill_interval, refilled_at = excluded.refilled_at, generation = excluded.generation
            """,
            Self.quotaBinds(budgetID: budgetID, quota))
        return quota
    }

    static func quotaBinds(budgetID: String, _ quota: Quota) -> [SQLValue] {
        [
            .text(budgetID), .integer(Int(quota.remaining)), quota.refill.map { .integer(Int($0.amount)) } ?? .null,
            .optional(quota.refill?.interval.rawValue), .optional(quota.refilledAt), .integer(Int(quota.generation)),
        ]
    }

    func reserveQuota(budgetID: String, wanted: Int64, atLeast: Int64, at time: Date) async throws -> QuotaGrant? {
        guard let stored = try await storedQuota(budgetID: budgetID) else { return nil }
        // Inside this transaction nothing else writes: the quota read is the quota written.
        var quota = stored.current(at: time)
        let granted = quota.remaining >= atLeast ? min(wanted, quota.remaining) : 0
        quota.remaining -= granted
        if quota != stored {
            try await query(
                "UPDATE quotas SET remaining = ?, refilled_at = ? WHERE budget_id = ?",
                [.integer(Int(quota.remaining)), .optional(quota.refilledAt), .text(budgetID)])
        }
        return QuotaGrant(
            granted: granted, remaining: quota.remaining, generation: quota.generation, periodEnd: quota.refill?.nextRefill(after: time))
    }

    func releaseQuota(budgetID: String, units: Int64, generation: Int64, periodEnd: Date?) async throws {
        guard units > 0 else { return }
        var condition = "budget_id = ? AND generation = ?"
        var binds: [SQLValue] = [.integer(Int(units)), .text(budgetID), .integer(Int(generation))]
        if let periodEnd, let refill = try await storedQuota(budgetID: budgetID)?.refill {
            // Uses of a period that has ended are not given to the next one.
            condition += " AND refilled_at = ?"
            binds.append(.time(refill.periodStart(containing: periodEnd.addingTimeInterval(-1))))
        }
        try await query("UPDATE quotas SET remaining = remaining + ? WHERE \(condition)", binds)
    }

    private func storedQuota(budgetID: String) async throws -> Quota? {
        guard
            let row = try await query(
                """
                SELECT remaining AS quota_remaining, refill_amount AS quota_refill_amount, refill_interval AS quota_refill_interval,
                refilled_at AS quota_refilled_at, generation AS quota_generation FROM quotas WHERE budget_id = ?
                """, [.text(budgetID)]
            ).first
        else { return nil }
        return try SQLStore.quota(from: row)
    }

    func revokeKey(id: String, at time: Date, reason: String?) async throws -> Revocation<KeyRecord>? {
        try await query(
            "UPDATE keys SET revoked_at = ?, revoke_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND revoked_at IS NULL",
            [.time(time), .optional(reason), .time(time), .text(id)]
        )
        let changed = try await changedRows()
        guard let record = try await key(id: id) else { return nil }
        changes.note(.key(record.hash))
        return Revocation(record: record, isNew: changed > 0)
    }

    func rotateKey(id: String, at time: Date, graceUntil: Date, successor: @Sendable (KeyRecord) throws -> KeyRecord) async throws
        -> KeyRotation?
    {
        guard let old = try await key(id: id) else { return nil }
        if let next = old.rotatedTo {
            throw KeywardError(.conflict, "the key \(id) was rotated already (to \(next)); rotate its successor")
        }
        let state = old.state(at: time)
        guard state == .active else { throw KeywardError(.conflict, "the key \(id) is \(state.rawValue); only an active key can be rotated") }
        var new = try successor(old)
        new.rotatedFrom = id
        // SPEC §11: the new key takes over the old key's quota and rate-limit state.
        new.budgetID = old.budgetID
        new.quota = old.quota
        try await insertKey(new)
        // Inside this transaction nothing else writes: the checks above still hold.
        try await query(
            """
            UPDATE keys SET rotated_to = ?, expires_at = CASE WHEN expires_at IS NULL OR expires_at > ? THEN ? ELSE expires_at END,
            updated_at = ?, version = version + 1 WHERE id = ?
            """,
            [.text(new.id), .time(graceUntil), .time(graceUntil), .time(time), .text(id)]
        )
        guard let linked = try await key(id: id) else {
            throw KeywardError(.storageFailure, "the rotated key \(id) cannot be read back")
        }
        changes.note(.key(linked.hash))
        return KeyRotation(old: linked, new: new)
    }

    func deleteKey(id: String) async throws -> KeyRecord? {
        guard let record = try await key(id: id) else { return nil }
        try await query("DELETE FROM keys WHERE id = ?", [.text(id)])
        // The quota goes with the last key of its rotation line.
        try await query(
            "DELETE FROM quotas WHERE budget_id = ? AND NOT EXISTS (SELECT 1 FROM keys WHERE budget_id = ?)",
            [.text(record.budgetID), .text(record.budgetID)])
        changes.note(.key(record.hash))
        return record
    }

    /// Last-used times are not part of what verification caches decide on, so they publish nothing.
    /// Many keys a statement (see `addUsage`); a time only ever moves forward.
    func recordLastUsed(_ times: [String: Date]) async throws {
        for batch in Self.batches(of: times.sorted { $0.key < $1.key }) {
            try await query(
                """
                UPDATE keys SET last_used_at = used.column2 FROM (VALUES \(Self.placeholderRows(batch.count, columns: 2))) AS used
                WHERE keys.id = used.column1 AND (keys.last_used_at IS NULL OR keys.last_used_at < used.column2)
                """,
                batch.flatMap { id, time -> [SQLValue] in [.text(id), .time(time)] }
            )
        }
    }
}
