import Foundation
import KeywardCore

/// `keyward migrate`: every table of one store copied into another, row for
/// row (hashes, sealed values and the audit chain as they are, so every key
/// still verifies and every value still opens with the same master key).
/// Each table is copied in one transaction of the target, read from the
/// source in pages; the counts are compared after.
public enum StoreCopy {
    /// Tables in an order that keeps every reference satisfied, each with the
    /// columns that order its pages (its primary key).
    static let tables: [(name: String, order: String)] = [
        ("system_values", "name"), ("keyspaces", "id"), ("keys", "id"), ("quotas", "budget_id"), ("tokens", "id"),
        ("users", "id"), ("recovery_codes", "user_id, hash"), ("audit_entries", "seq"), ("secrets", "path"),
        ("secret_versions", "path, version"), ("usage_counts", "key_id, bucket_start, width, code"), ("key_networks", "key_id, network"),
        ("alerts", "seq"), ("webhooks", "seq"), ("webhook_deliveries", "seq"),
    ]

    /// Rows read from the source at a time.
    static let pageSize = 500

    /// What a copy did: rows per table, in copy order.
    public struct Report: Sendable {
        public var rows: [(table: String, count: Int)] = []
    }

    /// Copies `source` into `target`. A target that holds anything is refused
    /// unless `replacing`, which first empties the tables it copies (in one
    /// transaction). `progress` hears of each table once it is copied.
    public static func copy(
        from source: SQLStore, to target: SQLStore, replacing: Bool, progress: @Sendable (String, Int) -> Void = { _, _ in }
    ) async throws -> Report {
        if try await !target.isEmpty() {
            guard replacing else {
                throw KeywardError(.conflict, "the target store is not empty; pass --force to replace what it holds")
            }
            try await target.transaction { writer in
                for table in tables.reversed() { try await writer.query("DELETE FROM \(table.name)") }
            }
        }
        var report = Report()
        for table in tables {
            let copied = try await copy(table: table.name, order: table.order, from: source, to: target)
            let counted = try await target.read("SELECT COUNT(*) AS n FROM \(table.name)")[0].int("n")
            guard counted == copied else {
                throw KeywardError(.storageFailure, "the copy of \(table.name) holds \(counted) rows, not the \(copied) read")
            }
            report.rows.append((table.name, copied))
            progress(table.name, copied)
        }
        try await target.database.afterCopy(tables: tables.map(\.name))
        return report
    }

    /// One table in one transaction of the target; the number of rows copied.
    private static func copy(table: String, order: String, from source: SQLStore, to target: SQLStore) async throws -> Int {
        try await target.transaction { writer in
            var copied = 0
            while true {
                let rows = try await source.read(
                    "SELECT * FROM \(table) ORDER BY \(order) LIMIT ? OFFSET ?", [.integer(pageSize), .integer(copied)])
                for row in rows {
                    let placeholders = Array(repeating: "?", count: row.names.count).joined(separator: ", ")
                    try await writer.query("INSERT INTO \(table) (\(row.names.joined(separator: ", "))) VALUES (\(placeholders))", row.values)
                }
                copied += rows.count
                if rows.count < pageSize { return copied }
            }
        }
    }
}
