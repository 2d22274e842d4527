import Foundation
import KeywardCore
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// Hears the changes other nodes commit (`LISTEN keyward_changes`) on a
/// connection of its own, and publishes them on this node's change feed.
///
/// Notifications sent while a node is not listening are lost, so the feed is
/// marked incomplete from the moment the connection fails (caches are then
/// bypassed and every verification reads the database) until the listener is
/// back: then it publishes `.everything` (every cache starts again from the
/// database) and only then marks the feed complete. A ping every
/// `pingInterval` notices a connection that died without a word.
final class PostgresChangeListener: Sendable {
    let url: PostgresURL
    let nodeID: String
    let feed: StoreChangeFeed
    let logger: Logger
    let pingInterval: Duration = .seconds(2)
    let pingTimeout: Duration = .seconds(2)
    /// The listening connection, closed by `stop()`; and whether `stop()` was called.
    private let state = Mutex<(connection: PostgresConnection?, stopped: Bool)>((nil, false))

    /// Told whether the database takes connections: false when a connection
    /// attempt fails, true once listening again.
    let reachability: @Sendable (Bool) -> Void

    init(url: PostgresURL, nodeID: String, feed: StoreChangeFeed, logger: Logger, reachability: @escaping @Sendable (Bool) -> Void) {
        self.url = url
        self.nodeID = nodeID
        self.feed = feed
        self.logger = logger
        self.reachability = reachability
    }

    private var isStopped: Bool { state.withLock { $0.stopped } || Task.isCancelled }

    /// Ends `run()`: closes the connection it listens on (ending the listen
    /// from outside rather than trusting a cancellation to reach every await
    /// inside the driver).
    func stop() {
        let connection = state.withLock { state in
            state.stopped = true
            return state.connection
        }
        // The connection is kept until its close completes (the driver asserts on a connection freed open).
        if let connection { connection.close().whenComplete { _ in withExtendedLifetime(connection) {} } }
    }
    /// The `application_name` of the listening connection.
    static let applicationName = "keyward-listener"

    /// Listens until cancelled, reconnecting after each failure (50 ms, doubling to 1 s).
    func run() async {
        var delay = Duration.milliseconds(50)
        var failures = 0
        while !isStopped {
            do {
                try await listenOnce { delay = .milliseconds(50) }
            } catch {
                if isStopped { break }
                feed.setComplete(false)
                failures += 1
                // One line per outage, not one per attempt.
                if failures == 1 {
                    logger.warning(
                        "lost the PostgreSQL notification connection; verifying against the database until it is back",
                        metadata: ["reason": "\(PostgresDatabase.reason(error))"])
                }
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(1))
        }
        feed.setComplete(false)
    }

    private func listenOnce(connected: () -> Void) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: try configuration(), id: 0, logger: logger)
        } catch {
            reachability(false)
            throw error
        }
        let stopped = state.withLock { state in
            state.connection = connection
            return state.stopped
        }
        let outcome: Result<Void, any Error>
        do {
            if !stopped { try await listen(on: connection, connected: connected) }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        state.withLock { $0.connection = nil }
        // Not awaited: a close on a connection that died may never complete; the
        // connection is kept until it does (the driver asserts on one freed open).
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        try outcome.get()
    }

    private func listen(on connection: PostgresConnection, connected: () -> Void) async throws {
        try await connection.listen(on: PostgresDatabase.channel) { notifications in
            // LISTEN is in place: whatever was missed before is covered by starting over.
            feed.publish([.everything])
            feed.setComplete(true)
            reachability(true)
            connected()
            logger.debug("listening to the other nodes' changes")
            // Nothing here awaits the driver without a bound: the notifications are
            // read by a task of their own, and each ping gets `pingTimeout` to answer,
            // so a connection that died in a way the driver does not report is noticed.
            let ended = Flag()
            // Set when this connection is given up: what it still delivers is dropped, so a
            // change is not published by it and again by the next connection (which starts
            // by publishing `.everything` anyway).
            let retired = Flag()
            let consumer = Task {
                do {
                    for try await notification in notifications {
                        if retired.isSet { break }
                        self.receive(notification.payload)
                    }
                } catch {}
                ended.set()
            }
            defer {
                retired.set()
                consumer.cancel()
            }
            var sincePing = Duration.zero
            while !ended.isSet {
                try await Task.sleep(for: .milliseconds(100))
                sincePing += .milliseconds(100)
                guard sincePing >= pingInterval else { continue }
                sincePing = .zero
                guard await Self.ping(connection, logger: logger, within: pingTimeout) else {
                    throw SQLFailure(kind: .unavailable, message: "the notification connection does not answer")
                }
            }
            throw SQLFailure(kind: .unavailable, message: "the notification connection closed")
        }
    }

    /// Whether `SELECT 1` answers on `connection` within `limit` (the query runs
    /// in a task of its own, which a dead connection may leave waiting).
    static func ping(_ connection: PostgresConnection, logger: Logger, within limit: Duration) async -> Bool {
        let answered = Flag()
        let query = Task {
            if (try? await connection.query("SELECT 1", logger: logger).collect()) != nil { answered.set() }
        }
        await PostgresDatabase.wait(for: query, atMost: limit)
        query.cancel()
        return answered.isSet
    }

    /// Publishes another node's changes; this node's own were published when they committed.
    func receive(_ payload: String) {
        let (node, changes) = ChangeNotification.decode(payload)
        guard node != nodeID else { return }
        feed.publish(changes)
    }

    private func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch try PostgresDatabase.tls(for: url) {
        case .disable: tls = .disable
        case .prefer(let configuration): tls = .prefer(try NIOSSLContext(configuration: configuration))
        case .require(let configuration): tls = .require(try NIOSSLContext(configuration: configuration))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password, database: url.database, tls: tls)
        // A database that does not answer is reported unreachable within 2 s.
        configuration.options.connectTimeout = .seconds(2)
        // Named, so an operator (or a test) can tell it in pg_stat_activity.
        configuration.options.additionalStartupParameters = [("application_name", Self.applicationName)]
        return configuration
    }
}

/// A one-way switch that tasks share.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
