import Foundation
import KeywardCore
import Logging
import SQLiteNIO

/// The audit log of a SQLite database file, opened with writes refused
/// (`PRAGMA query_only`): what an auditor checks a copied database with
/// (`keyward audit verify --from-file`). Nothing is migrated or locked, and a
/// file that is not there is not created (SQLite may add its `-wal`/`-shm`
/// side files beside a copy in WAL mode).
public final class SQLiteAuditFile: AuditEntrySource {
    private let connection: SQLiteConnection
    public let path: String

    private init(path: String, connection: SQLiteConnection) {
        self.path = path
        self.connection = connection
    }

    public static func open(path: String, logger: Logger = Logger(label: "keyward.audit-file")) async throws -> SQLiteAuditFile {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw KeywardError(.notFound, "no readable database file at \(path)")
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw KeywardError(.storageFailure, "cannot open the SQLite database \(path): \(SQLiteDatabase.reason(error))")
        }
        do {
            _ = try await connection.query("PRAGMA query_only = ON")
            let tables = try await connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_entries'")
            guard !tables.isEmpty else {
                throw KeywardError(.storageFailure, "\(path) is not a Keyward database with an audit log (no audit_entries table)")
            }
        } catch {
            try? await connection.close()
            if let error = error as? KeywardError { throw error }
            throw KeywardError(.storageFailure, "cannot read the SQLite database \(path): \(SQLiteDatabase.reason(error))")
        }
        return SQLiteAuditFile(path: path, connection: connection)
    }

    public func auditEntries(after seq: Int64, limit: Int) async throws -> [AuditEntry] {
        do {
            return try await connection.query(
                "SELECT * FROM audit_entries WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(Int(seq)), .integer(limit)]
            ).map { try SQLStore.auditEntry(from: SQLRow(sqlite: $0)) }
        } catch let error as KeywardError {
            throw error
        } catch {
            throw KeywardError(.storageFailure, "a read of \(path) failed: \(SQLiteDatabase.reason(error))")
        }
    }

    public func close() async {
        try? await connection.close()
    }
}
