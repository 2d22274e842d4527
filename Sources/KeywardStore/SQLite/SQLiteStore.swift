import Foundation
import KeywardCore
import Logging
import SQLiteNIO

/// The embedded store: one SQLite file in WAL mode with `synchronous = FULL`, so
/// a write that returned survives `kill -9` of the process and a power loss.
///
/// All writes go through one connection, one transaction at a time
/// (`writeLock`), so a transaction never takes in a statement of another task.
/// Reads use a second connection and see every committed write. One server
/// per file: an exclusive lock on `<file>.lock` refuses a second one.
public final class SQLiteStore: Store {
    let writer: SQLiteConnection
    let reader: SQLiteConnection
    let writeLock = AsyncMutex()
    let auditHead = AuditHeadCache()
    let fileLock: FileLock
    public let path: String
    public let changes = StoreChangeFeed()

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, fileLock: FileLock) {
        self.path = path
        self.writer = writer
        self.reader = reader
        self.fileLock = fileLock
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public static func open(path: String, logger: Logger = Logger(label: "keyward.store")) async throws -> SQLiteStore {
        let fileLock = try FileLock.acquire(
            path: path + ".lock",
            heldMessage: "another Keyward server is using the SQLite database \(path); run one server per SQLite file, or use PostgreSQL for many"
        )
        // The file holds key hashes and the wrapped pepper: only the owner reads it.
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let writer: SQLiteConnection
        do {
            writer = try await connect(
                path: path, logger: logger,
                pragmas: ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000"]
            )
        } catch {
            fileLock.release()
            throw error
        }
        let reader: SQLiteConnection
        do {
            reader = try await connect(path: path, logger: logger, pragmas: ["PRAGMA busy_timeout = 5000", "PRAGMA query_only = ON"])
        } catch {
            try? await writer.close()
            fileLock.release()
            throw error
        }
        let store = SQLiteStore(path: path, writer: writer, reader: reader, fileLock: fileLock)
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
        defer { fileLock.release() }
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
    /// `body` returns and rolls back when it throws. The changes `body` noted are
    /// published after the commit, before this returns.
    func transaction<T: Sendable>(_ body: (SQLiteWriter) async throws -> T) async throws -> T {
        let changes = ChangeCollector()
        let result = try await writeLock.withLock {
            do {
                _ = try await writer.query("BEGIN IMMEDIATE")
            } catch {
                throw KeywardError(.storageFailure, "cannot start a write: \(SQLiteStore.reason(error))")
            }
            do {
                let result = try await body(SQLiteWriter(connection: writer, changes: changes, auditHead: auditHead))
                _ = try await writer.query("COMMIT")
                auditHead.commit()
                return result
            } catch {
                _ = try? await writer.query("ROLLBACK")
                auditHead.discard()
                // SQLite's own errors become storage failures; the body's errors pass as they are.
                guard error is SQLiteError else { throw error }
                throw KeywardError(.storageFailure, "a write to the store failed: \(SQLiteStore.reason(error))")
            }
        }
        self.changes.publish(changes.drain())
        return result
    }

    public func unitOfWork<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await transaction { writer in try await body(writer) }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? SQLiteError { return error.message }
        if let error = error as? KeywardError { return error.message }
        return String(describing: type(of: error))
    }

    // MARK: System values and emptiness

    public func isEmpty() async throws -> Bool {
        let rows = try await read(
            """
            SELECT (SELECT COUNT(*) FROM system_values) + (SELECT COUNT(*) FROM keyspaces)
                 + (SELECT COUNT(*) FROM keys) + (SELECT COUNT(*) FROM tokens)
                 + (SELECT COUNT(*) FROM audit_entries) AS n
            """
        )
        return try rows[0].int("n") == 0
    }

    public func systemValue(_ name: String) async throws -> [UInt8]? {
        try await read("SELECT value FROM system_values WHERE name = ?", [.text(name)]).first?.bytes("value")
    }
}
