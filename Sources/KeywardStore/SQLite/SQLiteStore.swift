import Foundation
import KeywardCore
import Logging
import SQLiteNIO

/// The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so
/// a write that returned survives `kill -9` of the process and a power loss.
///
/// All writes go through one connection, one at a time (`writeLock`), so a
/// transaction never takes in a statement of another task. Reads use a second
/// connection and see every committed write.
public final class SQLiteStore: Store {
    let writer: SQLiteConnection
    let reader: SQLiteConnection
    let writeLock = AsyncMutex()
    public let path: String

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection) {
        self.path = path
        self.writer = writer
        self.reader = reader
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public static func open(path: String, logger: Logger = Logger(label: "keyward.store")) async throws -> SQLiteStore {
        // The file holds key hashes and the wrapped pepper: only the owner reads it.
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let writer = try await connect(
            path: path, logger: logger,
            pragmas: ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"]
        )
        let reader: SQLiteConnection
        do {
            reader = try await connect(path: path, logger: logger, pragmas: ["PRAGMA busy_timeout = 5000", "PRAGMA query_only = ON"])
        } catch {
            try? await writer.close()
            throw error
        }
        let store = SQLiteStore(path: path, writer: writer, reader: reader)
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    /// One connection with its settings applied; closed again if a setting fails
    /// (a file that is not a database fails here).
    private static func connect(path: String, logger: Logger, pragmas: [String]) async throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw KeywardError(.storageFailure, "cannot open the SQLite database \(path): \(reason(error))")
        }
        do {
            for pragma in pragmas { _ = try await connection.query(pragma) }
        } catch {
            try? await connection.close()
            throw KeywardError(.storageFailure, "cannot use the SQLite database \(path): \(reason(error))")
        }
        return connection
    }

    public func close() async throws {
        try await writer.close()
        try await reader.close()
    }

    // MARK: Running statements

    /// Runs a read on the reader connection.
    func read(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        do {
            return try await reader.query(sql, binds)
        } catch {
            throw KeywardError(.storageFailure, "a read from the store failed: \(SQLiteStore.reason(error))")
        }
    }

    /// Runs `body` as one transaction on the writer connection; it commits when
    /// `body` returns and rolls back when it throws.
    func transaction<T: Sendable>(_ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            do {
                _ = try await writer.query("BEGIN IMMEDIATE")
            } catch {
                throw KeywardError(.storageFailure, "cannot start a write: \(SQLiteStore.reason(error))")
            }
            do {
                let result = try await body(writer)
                _ = try await writer.query("COMMIT")
                return result
            } catch {
                _ = try? await writer.query("ROLLBACK")
                if let error = error as? KeywardError { throw error }
                throw KeywardError(.storageFailure, "a write to the store failed: \(SQLiteStore.reason(error))")
            }
        }
    }

    /// Runs one write statement in its own transaction; returns the rows changed.
    @discardableResult
    func write(_ sql: String, _ binds: [SQLiteData] = []) async throws -> Int {
        try await transaction { connection in
            _ = try await connection.query(sql, binds)
            return try await connection.query("SELECT changes() AS n")[0].int("n")
        }
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        if case .constraint = error.reason { return true }
        return error.message.contains("UNIQUE")
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? SQLiteError { return error.message }
        if let error = error as? KeywardError { return error.message }
        return String(describing: type(of: error))
    }

    // MARK: System values

    public func isEmpty() async throws -> Bool {
        try await read("SELECT COUNT(*) AS n FROM system_values")[0].int("n") == 0
    }

    public func systemValue(_ name: String) async throws -> [UInt8]? {
        try await read("SELECT value FROM system_values WHERE name = ?", [.text(name)]).first?.bytes("value")
    }

    public func setSystemValue(_ name: String, _ value: [UInt8]) async throws {
        try await write(
            "INSERT INTO system_values (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [.text(name), .blob(ByteBuffer(bytes: value)), .integer(Int(RecordCoding.millis(Date())))]
        )
    }
}
