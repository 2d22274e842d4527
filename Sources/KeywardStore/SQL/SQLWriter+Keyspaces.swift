import Foundation
import KeywardCore

extension SQLWriter {
    func insertKeyspace(_ keyspace: Keyspace) async throws {
        do {
            try await query(
                """
                INSERT INTO keyspaces (id, name, prefix, default_scopes, max_lifetime, rotation_period, require_expiry, created_at, updated_at,
                ip_allowlist, ratelimits, rotation_period_ms, monitoring, rate_limit_mode, fail_open_for)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(keyspace.id), .text(keyspace.name), .text(keyspace.prefix.rawValue), .text(try RecordCoding.json(keyspace.defaultScopes)),
                    .optional(keyspace.maxLifetime?.text), .optional(keyspace.rotationPeriod?.text), .bool(keyspace.requireExpiry),
                    .time(keyspace.createdAt), .time(keyspace.updatedAt), .text(try RecordCoding.json(keyspace.ipAllowlist)),
                    .text(try RecordCoding.json(keyspace.ratelimits)), Self.millis(keyspace.rotationPeriod),
                    .text(CanonicalJSON.text(keyspace.monitoring.json)), .text(keyspace.rateLimitMode.rawValue),
                    .optional(keyspace.failOpenFor?.text),
                ]
            )
        } catch  where Self.isConstraint(error, .unique) {
            throw KeywardError(.alreadyExists, "a keyspace named \(keyspace.name) already exists", field: "name")
        }
        // A new keyspace holds no keys: no cache has anything to forget.
    }

    func updateKeyspace(id: String, _ change: KeyspaceChanges, at time: Date) async throws -> Keyspace {
        var assignments = ["updated_at = ?"]
        var binds: [SQLValue] = [.time(time)]
        func set(_ column: String, _ value: SQLValue) {
            assignments.append("\(column) = ?")
            binds.append(value)
        }
        if let name = change.name { set("name", .text(name)) }
        if let prefix = change.prefix { set("prefix", .text(prefix.rawValue)) }
        if let scopes = change.defaultScopes { set("default_scopes", .text(try RecordCoding.json(scopes))) }
        if let ranges = change.ipAllowlist { set("ip_allowlist", .text(try RecordCoding.json(ranges))) }
        if let limits = change.ratelimits { set("ratelimits", .text(try RecordCoding.json(limits))) }
        if let maxLifetime = change.maxLifetime { set("max_lifetime", .optional(maxLifetime?.text)) }
        if let rotationPeriod = change.rotationPeriod {
            set("rotation_period", .optional(rotationPeriod?.text))
            set("rotation_period_ms", Self.millis(rotationPeriod))
        }
        if let requireExpiry = change.requireExpiry { set("require_expiry", .bool(requireExpiry)) }
        if let mode = change.rateLimitMode { set("rate_limit_mode", .text(mode.rawValue)) }
        if let window = change.failOpenFor { set("fail_open_for", .optional(window?.text)) }
        if change.changesMonitoring {
            // Merged with the stored policy inside this transaction, so two changes of
            // different fields side by side both stand.
            guard let row = try await query("SELECT monitoring FROM keyspaces WHERE id = ?", [.text(id)]).first else {
                throw KeywardError(.notFound, "no keyspace \(id)")
            }
            let stored = try SQLStore.monitoring(from: row)
            set("monitoring", .text(CanonicalJSON.text(change.monitoring(appliedTo: stored).json)))
        }
        binds.append(.text(id))
        do {
            try await query("UPDATE keyspaces SET \(assignments.joined(separator: ", ")) WHERE id = ?", binds)
        } catch  where Self.isConstraint(error, .unique) {
            throw KeywardError(.alreadyExists, "a keyspace named \(change.name ?? "") already exists", field: "name")
        }
        guard let row = try await query("SELECT * FROM keyspaces WHERE id = ?", [.text(id)]).first else {
            throw KeywardError(.notFound, "no keyspace \(id)")
        }
        changes.note(.keyspace(id: id))
        return try SQLStore.keyspace(from: row)
    }

    private static func millis(_ period: DurationText?) -> SQLValue {
        period.map { .integer(Int($0.seconds * 1000)) } ?? .null
    }

    func deleteKeyspace(id: String) async throws -> Bool {
        let keys = try await query("SELECT COUNT(*) AS n FROM keys WHERE keyspace_id = ?", [.text(id)])[0].int("n")
        if keys > 0 {
            throw KeywardError(.conflict, "the keyspace still holds \(keys) keys; delete or move them first")
        }
        try await query("DELETE FROM keyspaces WHERE id = ?", [.text(id)])
        let deleted = try await changedRows() > 0
        if deleted { changes.note(.keyspace(id: id)) }
        return deleted
    }
}
