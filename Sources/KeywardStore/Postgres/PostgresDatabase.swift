import Foundation
import KeywardCore
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// A PostgreSQL database that any number of Keyward nodes share, through a
/// pool of connections (`PostgresClient`, run by this object).
///
/// Writes are transactions that first take one transaction-scoped advisory
/// lock, so writes from every node run one at a time, as SQLite's one writer
/// does: a statement of the shared SQL that reads and then writes inside a
/// transaction (a rotation, an audit append, a quota reservation) sees no
/// other node's write in between. Reads run beside them and see every
/// committed write.
final class PostgresDatabase: SQLDatabase {
    let url: PostgresURL
    let client: PostgresClient
    let logger: Logger
    /// Who announced a change: a node skips its own notifications.
    let nodeID: String
    private let placeholders = PostgresPlaceholders()
    private let running: Task<Void, Never>
    /// False while the listener cannot connect: reads and writes then fail at
    /// once with `UNAVAILABLE` instead of waiting in the pool for a connection
    /// that will not come.
    private let reachability = Reachability()
    private let listening = Mutex<(listener: PostgresChangeListener, task: Task<Void, Never>)?>(nil)

    /// The advisory lock every write takes (the text "keyward" as a number).
    static let writeLockID: Int64 = 0x6b_65_79_77_61_72_64
    /// The channel of change notifications.
    static let channel = "keyward_changes"

    var isShared: Bool { true }

    private init(url: PostgresURL, client: PostgresClient, logger: Logger) {
        self.url = url
        self.client = client
        self.logger = logger
        self.nodeID = UUID().uuidString.lowercased()
        self.running = Task { await client.run() }
    }

    /// Connects a pool of at most `poolSize` connections and checks that the
    /// database answers.
    static func open(url: PostgresURL, poolSize: Int, logger: Logger) async throws -> PostgresDatabase {
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database,
            tls: try poolTLS(for: url))
        configuration.options.maximumConnections = max(1, poolSize)
        configuration.options.connectTimeout = .seconds(5)
        let database = PostgresDatabase(url: url, client: PostgresClient(configuration: configuration), logger: logger)
        do {
            _ = try await database.read("SELECT 1 AS ok", [])
        } catch {
            try? await database.close()
            throw KeywardError(.storageFailure, "cannot use the PostgreSQL database \(url): \(reason(error))")
        }
        return database
    }

    /// How a connection is encrypted, from the URL's `sslmode`.
    enum TLSChoice {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    static func tls(for url: PostgresURL) throws(KeywardError) -> TLSChoice {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch url.tls {
        case .disable: return .disable
        case .prefer:
            configuration.certificateVerification = .none
            return .prefer(configuration)
        case .require:
            configuration.certificateVerification = .none
            return .require(configuration)
        case .verifyFull:
            if let path = url.rootCertificatePath {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
                } catch {
                    throw KeywardError(.configuration, "cannot read the certificate authorities in \(path) (sslrootcert)")
                }
            }
            return .require(configuration)
        }
    }

    /// The pool's form of the URL's TLS choice.
    private static func poolTLS(for url: PostgresURL) throws(KeywardError) -> PostgresClient.Configuration.TLS {
        switch try tls(for: url) {
        case .disable: .disable
        case .prefer(let configuration): .prefer(configuration)
        case .require(let configuration): .require(configuration)
        }
    }

    /// Identity columns (`seq` of alerts, webhooks, deliveries) go on after the largest copied id.
    func afterCopy(tables: [String]) async throws {
        for table in ["alerts", "webhooks", "webhook_deliveries"] where tables.contains(table) {
            _ = try await read(
                "SELECT setval(pg_get_serial_sequence('\(table)', 'seq'), COALESCE((SELECT MAX(seq) FROM \(table)), 0) + 1, false) AS next", [])
        }
    }

    func follow(_ feed: StoreChangeFeed) {
        let listener = PostgresChangeListener(url: url, nodeID: nodeID, feed: feed, logger: logger) { [weak self] reachable in
            self?.reachability.set(reachable)
        }
        listening.withLock { $0 = (listener, Task { await listener.run() }) }
    }

    /// Stops listening and closes the pool, each waited for at most a few
    /// seconds: a close never hangs on a driver that missed its cancellation.
    func close() async throws {
        if let (listener, task) = listening.withLock({ $0 }) {
            listener.stop()
            task.cancel()
            await Self.wait(for: task, atMost: .seconds(5))
        }
        running.cancel()
        await Self.wait(for: running, atMost: .seconds(10))
    }

    /// Waits until `task` ends or `limit` passes, whichever is first.
    static func wait(for task: Task<Void, Never>, atMost limit: Duration) async {
        let done = Mutex(false)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeOnce = { @Sendable in
                if done.withLock({ done in
                    defer { done = true }; return !done
                }) {
                    continuation.resume()
                }
            }
            Task {
                await task.value
                resumeOnce()
            }
            Task {
                try? await Task.sleep(for: limit)
                resumeOnce()
            }
        }
    }

    /// Fails at once while the database is known to be unreachable.
    private func requireReachable() throws(SQLFailure) {
        guard reachability.isReachable else {
            throw SQLFailure(kind: .unavailable, message: "PostgreSQL at \(url.host):\(url.port) takes no connections")
        }
    }

    func read(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await onConnection { connection in try await Self.run(connection, self.query(sql, binds), logger: self.logger).rows }
    }

    /// Prepared on each connection the first time it runs there (PostgresNIO
    /// keeps it by name), so PostgreSQL parses and plans it once per connection.
    func read(_ prepared: SQLPreparedRead, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let bindings = Self.bindings(binds)
        return try await onConnection { connection in
            let rows: AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
            switch prepared {
            case .verifiableKey: rows = try await connection.execute(PreparedVerifiableKey(bindings: bindings), logger: self.logger)
            }
            var read: [SQLRow] = []
            for try await row in rows { read.append(try SQLRow(postgres: row)) }
            return read
        }
    }

    func transaction<T: Sendable>(
        _ body: (any SQLStatements) async throws -> T, committed: () -> Void, rolledBack: () -> Void
    ) async throws -> T {
        // The closures run in a child task of `whileReachable`, which ends
        // before this returns: they never outlive the call, nor run beside it.
        try await withoutActuallyEscaping(body) { body in
            try await withoutActuallyEscaping(committed) { committed in
                try await withoutActuallyEscaping(rolledBack) { rolledBack in
                    let steps = TransactionSteps(body: body, committed: committed, rolledBack: rolledBack)
                    return try await onConnection { connection in try await self.run(steps, on: connection) }
                }
            }
        }
    }

    /// Without the write lock, and committed without waiting for the disk
    /// (`synchronous_commit` off for this transaction alone).
    /// Counters lock rows in one order, but two nodes whose clocks straddle a
    /// window's start may each delete the other's stale window: the server
    /// breaks such a deadlock by rolling one back, which is run again.
    func counterTransaction<T: Sendable>(_ body: (any SQLStatements) async throws -> T) async throws -> T {
        try await withoutActuallyEscaping(body) { body in
            let steps = TransactionSteps(body: body, committed: {}, rolledBack: {}, counters: true)
            var attempt = 1
            while true {
                do {
                    return try await onConnection { connection in try await self.run(steps, on: connection) }
                } catch let failure as SQLFailure where failure.kind == .rolledBack && attempt < 3 {
                    attempt += 1
                }
            }
        }
    }

    /// Runs `body` on a connection of the pool, failing at once while the
    /// database is known to be unreachable (`whileReachable`).
    private func onConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try requireReachable()
        return try await whileReachable { started in
            try await self.client.withConnection { connection in
                started()
                return try await body(connection)
            }
        }
    }

    /// BEGIN, the write lock (or, for counters, an asynchronous commit), the
    /// body, COMMIT (or ROLLBACK when anything throws).
    private func run<T: Sendable>(_ steps: TransactionSteps<T>, on connection: PostgresConnection) async throws -> T {
        let statements = PostgresStatements(database: self, connection: connection)
        try await statements.query("BEGIN", [])
        do {
            if steps.counters {
                try await statements.query("SET LOCAL synchronous_commit TO OFF", [])
            } else {
                try await statements.query("SELECT pg_advisory_xact_lock(?) AS locked", [.integer(Int(Self.writeLockID))])
            }
            let result = try await steps.body(statements)
            try await statements.query("COMMIT", [])
            steps.committed()
            return result
        } catch {
            _ = try? await statements.query("ROLLBACK", [])
            steps.rolledBack()
            throw error
        }
    }

    /// Runs `operation`, which calls `started` once it holds a connection;
    /// until then, the database found unreachable ends the wait with
    /// `UNAVAILABLE` (the pool would wait for a connection as long as the
    /// outage lasts). Once started, the operation runs to its end.
    private func whileReachable<T: Sendable>(_ operation: @escaping @Sendable (_ started: @escaping @Sendable () -> Void) async throws -> T)
        async throws -> T
    {
        let started = Flag()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                do {
                    return try await operation { started.set() }
                } catch let error as PSQLError {
                    throw Self.failure(error)
                }
            }
            group.addTask {
                await self.reachability.untilUnreachable()
                // Cancelled: the operation ended. Started: it runs to its end.
                if started.isSet || Task.isCancelled { return nil }
                throw SQLFailure(kind: .unavailable, message: "PostgreSQL at \(self.url.host):\(self.url.port) takes no connections")
            }
            while let next = try await group.next() {
                if let result = next {
                    group.cancelAll()
                    return result
                }
            }
            throw SQLFailure(kind: .unavailable, message: "the operation ended without an answer")
        }
    }

    /// The query of `sql` with its `?`s numbered and `binds` bound.
    func query(_ sql: String, _ binds: [SQLValue]) -> PostgresQuery {
        PostgresQuery(unsafeSQL: placeholders.numbered(sql), binds: Self.bindings(binds))
    }

    /// `binds` as PostgreSQL values: BIGINT, TEXT, BYTEA or NULL.
    static func bindings(_ binds: [SQLValue]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let number): bindings.append(Int64(number))
            case .text(let text): bindings.append(text)
            case .blob(let bytes): bindings.append(ByteBuffer(bytes: bytes))
            }
        }
        return bindings
    }

    /// Runs one statement and reads every row and how many rows it changed.
    static func run(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws -> (rows: [SQLRow], changed: Int) {
        let result: PostgresQueryResult
        do {
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(query, logger: logger)
            result = try await future.get()
        } catch {
            throw failure(error)
        }
        return (try result.rows.map(SQLRow.init(postgres:)), result.metadata.rows ?? 0)
    }

    /// PostgreSQL's errors in the store's words: the server's message and
    /// SQLSTATE, never the query or its values (which `PSQLError` carries).
    static func failure(_ error: any Error) -> SQLFailure {
        if let failure = error as? SQLFailure { return failure }
        guard let error = error as? PSQLError else { return SQLFailure(kind: .other, message: String(describing: type(of: error))) }
        guard let state = error.serverInfo?[.sqlState] else {
            return SQLFailure(kind: .unavailable, message: "the connection to PostgreSQL failed (\(error.code))")
        }
        let kind: SQLFailure.Kind =
            switch state {
            case "23505": .unique
            case "23503": .foreignKey
            // Transaction rollback: a serialisation failure or a deadlock broken by the server.
            case _ where state.hasPrefix("40"): .rolledBack
            // Connection exceptions, resources, operator intervention, a missing or
            // closed database, refused authentication: the database is not there to use.
            case _ where Self.unavailableStates.contains(where: state.hasPrefix): .unavailable
            default: .other
            }
        return SQLFailure(kind: kind, message: "\(error.serverInfo?[.message] ?? "PostgreSQL refused the statement") (SQLSTATE \(state))")
    }

    /// SQLSTATEs (classes, and one code) that mean the database cannot be used now.
    static let unavailableStates = ["08", "53", "57", "3D", "28", "55000"]

    static func reason(_ error: any Error) -> String {
        if let error = error as? KeywardError { return error.message }
        return failure(error).message
    }
}

/// A transaction's closures, carried into the child task that runs them while
/// the caller waits (`@unchecked`: never run anywhere else, nor after the call).
private struct TransactionSteps<T>: @unchecked Sendable {
    let body: (any SQLStatements) async throws -> T
    let committed: () -> Void
    let rolledBack: () -> Void
    /// A transaction of counters (`counterTransaction`): no write lock, an asynchronous commit.
    var counters = false
}

/// The statements of one PostgreSQL transaction, on its leased connection.
final class PostgresStatements: SQLStatements {
    let database: PostgresDatabase
    let connection: PostgresConnection
    private let lastChanged = Mutex(0)

    init(database: PostgresDatabase, connection: PostgresConnection) {
        self.database = database
        self.connection = connection
    }

    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let (rows, changed) = try await PostgresDatabase.run(connection, database.query(sql, binds), logger: database.logger)
        lastChanged.withLock { $0 = changed }
        return rows
    }

    func changedRows() async throws -> Int {
        lastChanged.withLock { $0 }
    }

    /// NOTIFY is transactional: the other nodes hear of the changes when, and
    /// only if, this transaction commits.
    func announce(_ changes: [StoreChange]) async throws {
        for payload in ChangeNotification.payloads(for: changes, from: database.nodeID) {
            try await query("SELECT pg_notify(?, ?) AS sent", [.text(PostgresDatabase.channel), .text(payload)])
        }
    }
}

extension SQLRow {
    init(postgres row: PostgresRow) throws {
        var names: [String] = []
        var values: [SQLValue] = []
        for cell in row {
            names.append(cell.columnName)
            values.append(try SQLValue(postgres: cell))
        }
        self.init(names: names, values: values)
    }
}

extension SQLValue {
    init(postgres cell: PostgresCell) throws {
        guard var bytes = cell.bytes else {
            self = .null
            return
        }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8: self = .integer(Int(try cell.decode(Int64.self)))
            case .bool: self = .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .numeric: self = .integer(NSDecimalNumber(decimal: try cell.decode(Decimal.self)).intValue)
            case .bytea: self = .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
            default: self = .text(try cell.decode(String.self))
            }
        } catch {
            throw KeywardError(.storageFailure, "the stored column \(cell.columnName) cannot be read (type \(cell.dataType))")
        }
    }
}
