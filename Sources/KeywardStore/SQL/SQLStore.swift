import Foundation
import KeywardCore

/// The store on a SQL database: every read and write of `Store` as SQL that
/// SQLite and PostgreSQL both run, over the backend's `SQLDatabase`. Writes
/// are transactions that never interleave (one writer connection in SQLite,
/// an advisory lock in PostgreSQL); reads see every committed write.
public final class SQLStore: Store {
    let database: any SQLDatabase
    /// Where a single process owns the database, the audit head it wrote last.
    let auditHead: AuditHeadCache?
    public let changes: StoreChangeFeed

    init(database: any SQLDatabase) {
        self.database = database
        self.auditHead = database.isShared ? nil : AuditHeadCache()
        // A shared database's feed is complete once this node listens to the others.
        self.changes = StoreChangeFeed(complete: !database.isShared)
        database.follow(changes)
    }

    public var isShared: Bool { database.isShared }

    public func close() async throws {
        try await database.close()
    }

    // MARK: Running statements

    /// Runs a read that sees every committed write.
    func read(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await reading { try await database.read(sql, binds) }
    }

    /// Runs a read of fixed text that the backend may prepare once per connection.
    func read(_ prepared: SQLPreparedRead, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await reading { try await database.read(prepared, binds) }
    }

    /// The database's own errors of a read as the store's.
    private func reading(_ read: () async throws -> [SQLRow]) async throws -> [SQLRow] {
        do {
            return try await read()
        } catch let failure as SQLFailure {
            throw failure.storeError("a read from the store failed")
        }
    }

    /// Runs `body` as one transaction; it commits when `body` returns and rolls
    /// back when it throws. The changes `body` noted are announced to the other
    /// processes of a shared database with the commit, and published to this
    /// process's feed after it, before this returns.
    func transaction<T: Sendable>(_ body: (SQLWriter) async throws -> T) async throws -> T {
        let changes = ChangeCollector()
        let auditHead = auditHead
        let result: T
        do {
            result = try await database.transaction(
                { statements in
                    let result = try await body(SQLWriter(statements: statements, changes: changes, auditHead: auditHead))
                    try await statements.announce(changes.pending)
                    return result
                },
                committed: { auditHead?.commit() },
                rolledBack: { auditHead?.discard() }
            )
        } catch let failure as SQLFailure {
            // The database's own errors become storage failures; the body's errors pass as they are.
            throw failure.storeError("a write to the store failed")
        }
        self.changes.publish(changes.drain())
        return result
    }

    public func unitOfWork<T: Sendable>(_ body: @Sendable (any StoreWriter) async throws -> T) async throws -> T {
        try await transaction { writer in try await body(writer) }
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

extension SQLFailure {
    /// The failure as the store's callers see it: `UNAVAILABLE` (503) while the
    /// database cannot be reached, else `STORAGE_FAILURE`.
    func storeError(_ what: String) -> KeywardError {
        kind == .unavailable
            ? KeywardError(.unavailable, "the database cannot be reached: \(message)")
            : KeywardError(.storageFailure, "\(what): \(message)")
    }
}
