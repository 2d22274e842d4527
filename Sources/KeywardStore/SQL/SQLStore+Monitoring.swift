import Foundation
import KeywardCore

extension SQLStore {
    public func usageCounts(_ subject: UsageSubject, _ query: UsageQuery) async throws -> [UsageCount] {
        let column: String
        let id: String
        switch subject {
        case .key(let key): (column, id) = ("key_id", key)
        case .keyspace(let keyspace): (column, id) = ("keyspace_id", keyspace)
        }
        let width = Int(query.granularity.seconds)
        let rows = try await read(
            """
            SELECT (bucket_start / ?) * ? AS bucket, code, SUM(count) AS total FROM usage_counts
            WHERE \(column) = ? AND bucket_start >= ? AND bucket_start < ? GROUP BY bucket, code ORDER BY bucket
            """,
            [.integer(width), .integer(width), .text(id), .integer(Int(query.firstBucket)), .integer(Int(query.end))])
        return try rows.compactMap { row in
            // A code this build does not know (written by a newer one) is left out.
            guard let code = VerificationCode(rawValue: try row.string("code")) else { return nil }
            return UsageCount(
                keyID: id, keyspaceID: "", bucketStart: try row.int64("bucket"), width: Int64(width), code: code, count: try row.int64("total"))
        }
    }

    public func alert(id: String) async throws -> Alert? {
        try await read("SELECT * FROM alerts WHERE id = ?", [.text(id)]).first.map(Self.alert(from:))
    }

    public func listAlerts(_ filter: AlertFilter, _ page: PageRequest) async throws -> Page<Alert> {
        var conditions = SQLConditions()
        if let cursor = page.cursor {
            guard let seq = Int(cursor), seq > 0 else { throw KeywardError(.invalidCursor, "is not a cursor of this list", field: "cursor") }
            conditions.add("seq < ?", .integer(seq))
        }
        if filter.openOnly { conditions.add("acknowledged_at IS NULL") }
        conditions.equal("type", filter.type?.rawValue)
        conditions.equal("key_id", filter.keyID)
        let rows = try await read(
            "SELECT * FROM alerts WHERE \(conditions.sql) ORDER BY seq DESC LIMIT ?", conditions.binds + [.integer(page.limit + 1)])
        let alerts = try rows.map { row in (try row.int("seq"), try Self.alert(from: row)) }
        let paged = page.page(from: alerts, id: { String($0.0) })
        return Page(items: paged.items.map(\.1), nextCursor: paged.nextCursor)
    }

    static func alert(from row: SQLRow) throws -> Alert {
        guard let type = AlertType(rawValue: try row.string("type")), let severity = AlertSeverity(rawValue: try row.string("severity")) else {
            throw KeywardError(.storageFailure, "the stored alert \(try row.string("id")) has an unknown type or severity")
        }
        return Alert(
            id: try row.string("id"), type: type, severity: severity, keyID: row.optionalString("key_id"),
            keyspaceID: row.optionalString("keyspace_id"), source: row.optionalString("source"), secretPath: row.optionalString("secret_path"),
            userID: row.optionalString("user_id"),
            firstSeenAt: try row.date("first_seen_at"), lastSeenAt: try row.date("last_seen_at"), count: try row.int64("count"),
            details: try RecordCoding.decode([String: JSONValue].self, try row.string("details")),
            acknowledgedAt: row.optionalDate("acknowledged_at"), acknowledgedBy: row.optionalString("acknowledged_by"))
    }

    public func addUsage(_ counts: [UsageCount]) async throws {
        guard !counts.isEmpty else { return }
        try await transaction { try await $0.addUsage(counts) }
    }

    public func compactUsage(rollUpBefore: Int64, deleteBefore: Int64) async throws -> Int {
        try await transaction { try await $0.compactUsage(rollUpBefore: rollUpBefore, deleteBefore: deleteBefore) }
    }

    public func noteKeyNetworks(_ sightings: [KeyNetworkSighting], historySince: Date) async throws -> [KeyNetworkSighting] {
        guard !sightings.isEmpty else { return [] }
        return try await transaction { try await $0.noteKeyNetworks(sightings, historySince: historySince) }
    }

    public func raiseAlert(_ signal: AlertSignal, newID: String) async throws -> AlertChange {
        try await transaction { try await $0.raiseAlert(signal, newID: newID) }
    }

    public func acknowledgeAlert(id: String, at time: Date, by actor: String) async throws -> AlertChange? {
        try await transaction { try await $0.acknowledgeAlert(id: id, at: time, by: actor) }
    }
}

extension SQLWriter {
    /// Many rows a statement: on PostgreSQL each statement is a round trip,
    /// and a second of a thousand busy keys was a thousand of them. Rows of
    /// the same bucket are added up first (one statement may not change a
    /// row twice).
    func addUsage(_ counts: [UsageCount]) async throws {
        var merged: [UsageCount] = []
        var positions: [UsageCount: Int] = [:]
        for row in counts where row.count > 0 {
            var bucket = row
            bucket.count = 0
            if let position = positions[bucket] {
                merged[position].count += row.count
            } else {
                positions[bucket] = merged.count
                merged.append(row)
            }
        }
        for rows in Self.batches(of: merged) {
            try await query(
                """
                INSERT INTO usage_counts (key_id, keyspace_id, bucket_start, width, code, count) VALUES \(Self.placeholderRows(rows.count, columns: 6))
                ON CONFLICT (key_id, bucket_start, width, code) DO UPDATE SET count = usage_counts.count + excluded.count
                """,
                rows.flatMap { row -> [SQLValue] in
                    [
                        .text(row.keyID), .text(row.keyspaceID), .integer(Int(row.bucketStart)), .integer(Int(row.width)), .text(row.code.rawValue),
                        .integer(Int(row.count)),
                    ]
                })
        }
    }

    func compactUsage(rollUpBefore: Int64, deleteBefore: Int64) async throws -> Int {
        try await query(
            """
            INSERT INTO usage_counts (key_id, keyspace_id, bucket_start, width, code, count)
            SELECT key_id, keyspace_id, (bucket_start / 3600) * 3600, 3600, code, SUM(count) FROM usage_counts
            WHERE width = 60 AND bucket_start < ? GROUP BY key_id, keyspace_id, (bucket_start / 3600) * 3600, code
            ON CONFLICT (key_id, bucket_start, width, code) DO UPDATE SET count = usage_counts.count + excluded.count
            """, [.integer(Int(rollUpBefore))])
        try await query("DELETE FROM usage_counts WHERE width = 60 AND bucket_start < ?", [.integer(Int(rollUpBefore))])
        var removed = try await changedRows()
        try await query("DELETE FROM usage_counts WHERE bucket_start < ?", [.integer(Int(deleteBefore))])
        removed += try await changedRows()
        return removed
    }

    func noteKeyNetworks(_ sightings: [KeyNetworkSighting], historySince: Date) async throws -> [KeyNetworkSighting] {
        var alerts: [KeyNetworkSighting] = []
        for sighting in sightings {
            let known = try await query(
                "SELECT COUNT(*) AS n, MIN(first_seen_at) AS first FROM key_networks WHERE key_id = ?", [.text(sighting.keyID)])[0]
            let count = try known.int("n")
            guard count < MonitoringLimits.maximumNetworksPerKey else { continue }
            try await query(
                "INSERT INTO key_networks (key_id, network, first_seen_at) VALUES (?, ?, ?) ON CONFLICT (key_id, network) DO NOTHING",
                [.text(sighting.keyID), .text(sighting.network), .time(sighting.time)])
            guard try await changedRows() == 1 else { continue }
            if count > 0, let first = known.optionalDate("first"), first <= historySince { alerts.append(sighting) }
        }
        return alerts
    }

    func raiseAlert(_ signal: AlertSignal, newID: String) async throws -> AlertChange {
        let details = try RecordCoding.json(signal.details)
        let subject = signal.subject
        try await query(
            """
            UPDATE alerts SET last_seen_at = CASE WHEN last_seen_at < ? THEN ? ELSE last_seen_at END, count = count + ?, details = ?
            WHERE type = ? AND subject = ? AND acknowledged_at IS NULL
            """,
            [.time(signal.time), .time(signal.time), .integer(Int(signal.count)), .text(details), .text(signal.type.rawValue), .text(subject)])
        let folded = try await changedRows() == 1
        if !folded {
            let alert = Alert(id: newID, opening: signal)
            try await query(
                """
                INSERT INTO alerts (id, type, severity, subject, key_id, keyspace_id, source, secret_path, first_seen_at, last_seen_at,
                    count, details, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(alert.id), .text(alert.type.rawValue), .text(alert.severity.rawValue), .text(subject), .optional(alert.keyID),
                    .optional(alert.keyspaceID), .optional(alert.source), .optional(alert.secretPath), .time(alert.firstSeenAt),
                    .time(alert.lastSeenAt), .integer(Int(alert.count)), .text(details), .optional(alert.userID),
                ])
        }
        let row = try await query(
            "SELECT * FROM alerts WHERE type = ? AND subject = ? AND acknowledged_at IS NULL", [.text(signal.type.rawValue), .text(subject)])[0]
        return AlertChange(alert: try SQLStore.alert(from: row), isNew: !folded)
    }

    func acknowledgeAlert(id: String, at time: Date, by actor: String) async throws -> AlertChange? {
        try await query(
            "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL",
            [.time(time), .text(actor), .text(id)])
        let isNew = try await changedRows() == 1
        guard let row = try await query("SELECT * FROM alerts WHERE id = ?", [.text(id)]).first else { return nil }
        return AlertChange(alert: try SQLStore.alert(from: row), isNew: isNew)
    }
}
