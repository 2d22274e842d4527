import Foundation
import KeywardCore

extension SQLStore {
    public func key(id: String) async throws -> KeyRecord? {
        try await read("SELECT \(Self.keyColumns) FROM \(Self.keyTables) WHERE id = ?", [.text(id)]).first.map(Self.key(from:))
    }

    /// A verification's cache miss: built once, not on every read (`SQLPreparedRead.verifiableKey`).
    static let verifiableKeySQL = """
        SELECT \(keyColumns), keyspaces.name AS keyspace_name, keyspaces.rate_limit_mode AS keyspace_rate_limit_mode,
            keyspaces.fail_open_for AS keyspace_fail_open_for
        FROM \(keyTables)
        JOIN keyspaces ON keyspaces.id = keys.keyspace_id WHERE keys.hash = ?
        """

    public func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        guard let row = try await read(.verifiableKey, [.hash(hash)]).first else { return nil }
        return VerifiableKey(
            record: try Self.key(from: row), keyspaceName: try row.string("keyspace_name"),
            rateLimitMode: RateLimitMode(rawValue: try row.string("keyspace_rate_limit_mode")) ?? .local,
            failOpenFor: try Self.failOpenFor(row, "keyspace_fail_open_for"))
    }

    public func keyHashes(after: KeyHash?, limit: Int) async throws -> [KeyHash] {
        let rows = try await read(
            "SELECT hash FROM keys WHERE hash > ? ORDER BY hash LIMIT ?", [after.map { .hash($0) } ?? .blob([]), .integer(limit)])
        return try rows.map { try $0.keyHash("hash") }
    }

    public func listKeys(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord> {
        var conditions = SQLConditions()
        conditions.add("id > ?", .text(page.cursor ?? ""))
        conditions.equal("keyspace_id", filter.keyspaceId)
        conditions.equal("owner", filter.owner)
        if let state = filter.state {
            let now = SQLValue.time(filter.now)
            switch state {
            case .revoked: conditions.add("revoked_at IS NOT NULL")
            case .disabled: conditions.add("revoked_at IS NULL AND enabled = 0")
            case .expired: conditions.add("revoked_at IS NULL AND enabled = 1 AND expires_at IS NOT NULL AND expires_at <= ?", now)
            case .active: conditions.add("revoked_at IS NULL AND enabled = 1 AND (expires_at IS NULL OR expires_at > ?)", now)
            }
        }
        if filter.rotationOverdue {
            let now = SQLValue.time(filter.now)
            conditions.add("revoked_at IS NULL AND enabled = 1 AND (expires_at IS NULL OR expires_at > ?) AND rotated_to IS NULL", now)
            conditions.add(
                """
                EXISTS (SELECT 1 FROM keyspaces WHERE keyspaces.id = keys.keyspace_id AND keyspaces.rotation_period_ms IS NOT NULL
                AND keys.created_at + keyspaces.rotation_period_ms <= ?)
                """, now)
        }
        if let hygiene = filter.hygiene {
            conditions.add("revoked_at IS NULL AND enabled = 1 AND (expires_at IS NULL OR expires_at > ?)", .time(filter.now))
            switch hygiene {
            case .unusedSince(let time): conditions.add("last_used_at IS NOT NULL AND last_used_at < ?", .time(time))
            case .neverUsed: conditions.add("last_used_at IS NULL")
            case .unusedBefore(let time):
                conditions.add("(last_used_at < ? OR (last_used_at IS NULL AND keys.created_at < ?))", .time(time), .time(time))
            case .expiringBefore(let time): conditions.add("expires_at IS NOT NULL AND expires_at <= ?", .time(time))
            case .noExpiry: conditions.add("expires_at IS NULL")
            case .unrestricted: conditions.add("scopes = '[]' AND ip_allowlist = '[]' AND ratelimits = '[]'")
            }
        }
        let rows = try await read(
            "SELECT \(Self.keyColumns) FROM \(Self.keyTables) WHERE \(conditions.sql) ORDER BY id LIMIT ?",
            conditions.binds + [.integer(page.limit + 1)])
        return page.page(from: try rows.map(Self.key(from:)), id: \.id)
    }

    /// A key's columns with its budget's quota (`quota_*`); read from `keyTables`.
    /// Named one by one, not `keys.*`: a statement prepared once per connection
    /// keeps its result's shape when a later migration adds a column.
    static let keyColumns = """
        keys.id, keys.keyspace_id, keys.hash, keys.start, keys.name, keys.owner, keys.scopes, keys.meta, keys.expires_at, keys.enabled,
        keys.created_at, keys.updated_at, keys.last_used_at, keys.revoked_at, keys.revoke_reason, keys.rotated_from, keys.rotated_to,
        keys.version, keys.ip_allowlist, keys.ratelimits, keys.budget_id, quotas.remaining AS quota_remaining, quotas.refill_amount AS quota_refill_amount,
        quotas.refill_interval AS quota_refill_interval, quotas.refilled_at AS quota_refilled_at, quotas.generation AS quota_generation
        """
    static let keyTables = "keys LEFT JOIN quotas ON quotas.budget_id = keys.budget_id"

    /// The quota columns of a row of `keyTables` (nil when its budget has none).
    static func quota(from row: SQLRow) throws -> Quota? {
        guard let remaining = row.optionalInt64("quota_remaining") else { return nil }
        var refill: QuotaRefill?
        if let amount = row.optionalInt64("quota_refill_amount"), let text = row.optionalString("quota_refill_interval") {
            guard let interval = QuotaRefill.Interval(rawValue: text) else {
                throw KeywardError(.storageFailure, "a stored quota has an unknown refill interval")
            }
            refill = try QuotaRefill(amount: amount, interval: interval)
        }
        return Quota(
            remaining: remaining, refill: refill, generation: try row.int64("quota_generation"), refilledAt: row.optionalDate("quota_refilled_at"))
    }

    static func key(from row: SQLRow) throws -> KeyRecord {
        KeyRecord(
            id: try row.string("id"),
            keyspaceId: try row.string("keyspace_id"),
            hash: try row.keyHash("hash"),
            start: try row.string("start"),
            name: row.optionalString("name"),
            owner: row.optionalString("owner"),
            scopes: try RecordCoding.scopes(json: try row.string("scopes")),
            ipAllowlist: try RecordCoding.ranges(json: try row.string("ip_allowlist")),
            ratelimits: try RecordCoding.ratelimits(json: try row.string("ratelimits")),
            quota: try quota(from: row),
            budgetID: try row.string("budget_id"),
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
