import Foundation
import Logging
import SQLiteNIO

/// Statements run straight on a database file, beside a running store, as an
/// attacker (or a broken disk) would change it: tamper tests edit, delete and
/// reorder rows with it.
public enum RawSQLite {
    public static func execute(_ path: String, _ statements: String...) async throws {
        try await execute(path, statements)
    }

    /// Runs `statements` in order (each one statement: SQLite prepares only the first of a text).
    public static func execute(_ path: String, _ statements: [String]) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: Logger(label: "raw-sqlite"))
        do {
            _ = try await connection.query("PRAGMA busy_timeout = 5000")
            for statement in statements { _ = try await connection.query(statement) }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// The integers of the first column of `query`.
    public static func integers(_ path: String, _ query: String) async throws -> [Int] {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: Logger(label: "raw-sqlite"))
        defer { _ = connection.close() }
        return try await connection.query(query).compactMap { $0.columns.first?.data.integer }
    }
}
