import Foundation
import KeywardCore

/// The writes of one transaction. Every method is a statement of intent
/// carried out by conditional statements, never by writing back a record read
/// earlier; it notes what changed for the store's change feed.
struct SQLWriter: StoreWriter {
    let statements: any SQLStatements
    let changes: ChangeCollector
    /// The audit log's head as this process last wrote it; nil where other
    /// processes append to the same log (then it is read in each append).
    let auditHead: AuditHeadCache?

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await statements.query(sql, binds)
    }

    /// The rows the last statement changed.
    func changedRows() async throws -> Int {
        try await statements.changedRows()
    }

    /// Rows a statement of many rows carries at most: 200 rows of 6 values
    /// stay far below both backends' limits on bound values.
    static let rowsPerStatement = 200

    /// `rows` cut into statements' worth.
    static func batches<Row>(of rows: [Row]) -> [ArraySlice<Row>] {
        stride(from: 0, to: rows.count, by: rowsPerStatement).map { rows[$0..<min($0 + rowsPerStatement, rows.count)] }
    }

    /// `(?, ?), (?, ?)`: the placeholders of `count` rows of `columns` values.
    static func placeholderRows(_ count: Int, columns: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: row, count: count).joined(separator: ", ")
    }

    static func isConstraint(_ error: any Error, _ kind: SQLFailure.Kind) -> Bool {
        (error as? SQLFailure)?.kind == kind
    }

    func systemValue(_ name: String) async throws -> [UInt8]? {
        try await query("SELECT value FROM system_values WHERE name = ?", [.text(name)]).first?.bytes("value")
    }

    func insertSystemValueIfAbsent(_ name: String, _ value: [UInt8]) async throws -> [UInt8] {
        try await query(
            "INSERT INTO system_values (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
            [.text(name), .blob(value), .time(Date())]
        )
        return try await query("SELECT value FROM system_values WHERE name = ?", [.text(name)])[0].bytes("value")
    }

    func setSystemValue(_ name: String, _ value: [UInt8]) async throws {
        try await query(
            "INSERT INTO system_values (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [.text(name), .blob(value), .time(Date())]
        )
        changes.note(.everything)
    }

    func rewrapSystemValue(_ name: String, _ rewrap: @Sendable ([UInt8]) throws -> [UInt8]?) async throws -> Bool {
        guard let row = try await query("SELECT value FROM system_values WHERE name = ?", [.text(name)]).first else { return false }
        guard let rewrapped = try rewrap(try row.bytes("value")) else { return true }
        try await query("UPDATE system_values SET value = ?, updated_at = ? WHERE name = ?", [.blob(rewrapped), .time(Date()), .text(name)])
        return true
    }
}
