import Foundation
import KeywardCore
import Logging
import SQLiteNIO
import Synchronization

/// One SQLite file in WAL mode with `synchronous = FULL`, so a write that
/// returned survives `kill -9` of the process and a power loss.
///
/// All writes go through one connection, one transaction at a time
/// (`writeLock`), so a transaction never takes in a statement of another task.
/// Reads use a second connection, one statement at a time (`readLock`), and
/// see every write committed before they start: SQLite gives a connection one
/// snapshot for as long as any of its statements runs, so a read that overlapped
/// another (SQLite-NIO runs statements on a pool of threads) could see the
/// database as it was before a write that had already returned, and a cache
/// filled by it could hold a key from before its revocation. One server per
/// file: an exclusive lock on `<file>.lock` refuses a second one.
///
/// `close` takes both locks, so it waits for the statement under way on
/// each connection, and a statement after it fails with `UNAVAILABLE`
/// without reaching SQLite: a connection closed under a running statement,
/// or used after its close, is a use of freed memory inside SQLite (a
/// background task of a stopping server, a keyring refresh, a usage flush).
final class SQLiteDatabase: SQLDatabase {
    let path: String
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncMutex()
    private let readLock = AsyncMutex()
    private let fileLock: FileLock
    /// Set by `close`, read under the lock of the connection about to be used.
    private let closed = Atomic<Bool>(false)

    var isShared: Bool { false }

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, fileLock: FileLock) {
        self.path = path
        self.writer = writer
        self.reader = reader
        self.fileLock = fileLock
    }

    /// Opens (creating if needed) the database at `path`.
    static func open(path: String, logger: Logger) async throws -> SQLiteDatabase {
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
        return SQLiteDatabase(path: path, writer: writer, reader: reader, fileLock: fileLock)
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

    /// `AUTOINCREMENT` follows the largest id inserted by itself.
    func afterCopy(tables: [String]) async throws {}

    /// One process owns the file: every change is its own.
    func follow(_ feed: StoreChangeFeed) {}

    func close() async throws {
        defer { fileLock.release() }
        try await writeLock.withLock {
            try await readLock.withLock {
                guard !closed.exchange(true, ordering: .sequentiallyConsistent) else { return }
                try await writer.close()
                try await reader.close()
            }
        }
    }

    /// Called under the lock of the connection about to be used.
    private func requireOpen() throws(KeywardError) {
        if closed.load(ordering: .sequentiallyConsistent) { throw KeywardError(.unavailable, "the SQLite database \(path) is closed") }
    }

    func read(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await readLock.withLock {
            try requireOpen()
            return try await Self.run(reader, sql, binds)
        }
    }

    /// SQLite parses a statement in microseconds, in process: the text is run as it is.
    func read(_ prepared: SQLPreparedRead, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await read(prepared.sql, binds)
    }

    /// One file has one writer: counters take it like any write.
    func counterTransaction<T: Sendable>(_ body: (any SQLStatements) async throws -> T) async throws -> T {
        try await transaction(body, committed: {}, rolledBack: {})
    }

    func transaction<T: Sendable>(
        _ body: (any SQLStatements) async throws -> T, committed: () -> Void, rolledBack: () -> Void
    ) async throws -> T {
        try await writeLock.withLock {
            try requireOpen()
            do {
                _ = try await writer.query("BEGIN IMMEDIATE")
            } catch {
                throw KeywardError(.storageFailure, "cannot start a write: \(Self.reason(error))")
            }
            do {
                let result = try await body(SQLiteStatements(connection: writer))
                try await Self.run(writer, "COMMIT", [])
                committed()
                return result
            } catch {
                _ = try? await writer.query("ROLLBACK")
                rolledBack()
                throw error
            }
        }
    }

    /// Runs one statement; SQLite's errors become `SQLFailure`s.
    static func run(_ connection: SQLiteConnection, _ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(sql, binds.map(\.sqlite))
        } catch let error as SQLiteError {
            let kind: SQLFailure.Kind =
                error.message.contains("UNIQUE") ? .unique : error.message.contains("FOREIGN KEY") ? .foreignKey : .other
            throw SQLFailure(kind: kind, message: error.message)
        }
        return rows.map(SQLRow.init(sqlite:))
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? SQLiteError { return error.message }
        if let error = error as? SQLFailure { return error.message }
        if let error = error as? KeywardError { return error.message }
        return String(describing: type(of: error))
    }
}

/// The statements of a SQLite transaction, on the writer connection.
struct SQLiteStatements: SQLStatements {
    let connection: SQLiteConnection

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await SQLiteDatabase.run(connection, sql, binds)
    }

    func changedRows() async throws -> Int {
        try await query("SELECT changes() AS n", [])[0].int("n")
    }

    /// One process owns the file: nobody else to tell.
    func announce(_ changes: [StoreChange]) async throws {}
}

extension SQLValue {
    var sqlite: SQLiteData {
        switch self {
        case .null: .null
        case .integer(let value): .integer(value)
        case .text(let value): .text(value)
        case .blob(let bytes): .blob(ByteBuffer(bytes: bytes))
        }
    }

    init(sqlite data: SQLiteData) {
        switch data {
        case .null: self = .null
        case .integer(let value): self = .integer(value)
        case .text(let value): self = .text(value)
        case .blob(var buffer): self = .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .float(let value): self = .text(String(value))
        }
    }
}

extension SQLRow {
    init(sqlite row: SQLiteRow) {
        self.init(names: row.columns.map(\.name), values: row.columns.map { SQLValue(sqlite: $0.data) })
    }
}
