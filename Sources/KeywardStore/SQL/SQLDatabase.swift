import KeywardCore

/// What a backend gives the shared SQL store: reads that see every committed
/// write, and transactions that never interleave with another write. The SQL
/// text is common to both backends: `?` placeholders, integer times and
/// flags, no backend's own functions.
protocol SQLDatabase: Sendable {
    /// Whether other processes write the same database (PostgreSQL): then no
    /// write may trust what this process remembers of the last one.
    var isShared: Bool { get }

    /// Runs a read outside any transaction.
    func read(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Runs a read of fixed text outside any transaction; a backend may
    /// prepare it once per connection.
    func read(_ prepared: SQLPreparedRead, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// Runs `body` as one transaction, serialised with every other write to
    /// the database: it commits when `body` returns (then `committed` runs,
    /// still inside the serialisation) and rolls back when it throws.
    func transaction<T: Sendable>(
        _ body: (any SQLStatements) async throws -> T, committed: () -> Void, rolledBack: () -> Void
    ) async throws -> T

    /// Runs `body` as one transaction of counters: each of its statements
    /// changes its rows atomically on its own (a conditional upsert), so it is
    /// not serialised with other writes (row locks are enough; the caller
    /// takes them in one order), and its commit need not wait for the disk:
    /// a crash of the database may forget the last moments of counts, never
    /// make them inconsistent. Global rate windows use it.
    func counterTransaction<T: Sendable>(_ body: (any SQLStatements) async throws -> T) async throws -> T

    /// Publishes on `feed` the changes that other processes commit, and keeps
    /// `feed.isComplete` true only while none can be missed. A database that
    /// one process owns has nothing to follow.
    func follow(_ feed: StoreChangeFeed)

    /// Brings the database's own counters up to date after rows were copied
    /// in with their ids (PostgreSQL's identity sequences).
    func afterCopy(tables: [String]) async throws

    func close() async throws
}

/// The statements of one transaction.
protocol SQLStatements: Sendable {
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]

    /// The rows the last statement inserted, changed or deleted.
    func changedRows() async throws -> Int

    /// Tells the other processes of a shared database of `changes` when this
    /// transaction commits (PostgreSQL's NOTIFY); nothing for SQLite.
    func announce(_ changes: [StoreChange]) async throws
}

/// A statement the database refused, in words common to the backends. Its
/// message is the database's own, which names constraints, never values.
struct SQLFailure: Error, Sendable {
    enum Kind: Sendable {
        case unique
        case foreignKey
        /// The database cannot be reached or refuses connections now.
        case unavailable
        /// The database rolled the transaction back to break a deadlock or a
        /// serialisation conflict: running it again may succeed.
        case rolledBack
        case other
    }

    var kind: Kind
    var message: String
}
