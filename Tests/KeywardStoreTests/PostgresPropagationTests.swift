import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Synchronization
import Testing

/// Two stores on one PostgreSQL database stand for two nodes: what one
/// commits, the other's caches must stop trusting within a second, even when
/// the notification is lost.
@Suite(
    "PostgreSQL change propagation", .needsPostgres,
    .timeLimit(.minutes(3)))
struct PostgresPropagationTests {
    /// Opens two nodes on one new database, with a key known to both.
    static func twoNodes(
        _ body: @Sendable (_ a: any Store, _ b: any Store, _ bLookups: CachedLookups, _ key: KeyRecord, _ database: String) async throws -> Void
    ) async throws {
        let url = try await ThrowawayPostgres.shared.newDatabase()
        let a = try await PostgresStore.open(url: url, poolSize: 2)
        // The setup's rows exist before B listens, so that their notifications can
        // never reach B after a test subscribed (a test counts what B hears).
        let keyspace = RecordFixtures.keyspace()
        let (_, key) = RecordFixtures.key(in: keyspace)
        do {
            try await a.insertKeyspace(keyspace)
            try await a.insertKey(key)
        } catch {
            try? await a.close()
            throw error
        }
        let b = try await PostgresStore.open(url: url, poolSize: 2)
        do {
            let lookups = CachedLookups(store: b)
            try await waitUntil { b.changes.isComplete }
            try await lookups.prepare()
            // Warm: B's cache holds the key as active.
            #expect(try await lookups.verifiableKey(hash: key.hash)?.record.revokedAt == nil)
            try await body(a, b, lookups, key, url.database)
        } catch {
            try? await a.close()
            try? await b.close()
            throw error
        }
        try await a.close()
        try await b.close()
    }

    /// Polls `condition` every 10 ms for at most `seconds`; false when it never held.
    @discardableResult
    static func waitUntil(seconds: Double = 5, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    @Test("a revocation on node A is refused by node B's warm cache within 1 s")
    func revocation() async throws {
        try await Self.twoNodes { a, _, lookups, key, _ in
            _ = try await a.revokeKey(id: key.id, at: RecordFixtures.epoch, reason: "test")
            let revokedAt = ContinuousClock.now
            // No lookup begun a second or more after the revocation returned may see
            // the key active (a lookup counts from when it began: a busy machine
            // slows answers, and that is not a slow refusal).
            var lastActive: Duration?
            let refused = try await Self.waitUntil(seconds: 10) {
                let began = ContinuousClock.now - revokedAt
                let active = try await lookups.verifiableKey(hash: key.hash)?.record.revokedAt == nil
                if active { lastActive = began }
                return !active
            }
            #expect(refused, "node B never refused the revoked key")
            #expect(
                (lastActive ?? .zero) < .seconds(1), "node B served the revoked key to a lookup begun \(lastActive ?? .zero) after the revocation")
        }
    }

    @Test("a change B never heard of (its listener killed, the row changed without a notification) is enforced once B listens again")
    func lostNotification() async throws {
        try await Self.twoNodes { _, b, lookups, key, database in
            let seen = ChangeLog()
            b.changes.subscribe { seen.add($0) }
            // The key is revoked straight in the table, so no notification is ever sent
            // for it; then B's listening connection is ended.
            try await ThrowawayPostgres.shared.execute(
                [
                    "UPDATE keys SET revoked_at = 1 WHERE id = '\(key.id)'",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database)' AND application_name = 'keyward-listener'",
                ], database: database)
            // Back: B has started over (`.everything`) and listens again.
            #expect(try await Self.waitUntil(seconds: 30) { seen.all.contains(.everything) && b.changes.isComplete }, "node B did not listen again")
            #expect(
                try await lookups.verifiableKey(hash: key.hash)?.record.revokedAt != nil,
                "node B kept trusting its cache after its notifications were lost")
        }
    }

    @Test("changes from another node reach the feed once each; a node's own are not published twice")
    func feed() async throws {
        try await Self.twoNodes { a, b, _, key, _ in
            let seenByA = ChangeLog()
            let seenByB = ChangeLog()
            a.changes.subscribe { seenByA.add($0) }
            b.changes.subscribe { seenByB.add($0) }
            _ = try await a.updateKey(id: key.id, KeyChanges(name: .some("renamed")), at: RecordFixtures.epoch)
            #expect(try await Self.waitUntil(seconds: 1) { seenByB.all.contains(.key(key.hash)) })
            try await Task.sleep(for: .milliseconds(200))
            #expect(seenByA.all == [.key(key.hash)])
            #expect(seenByB.all == [.key(key.hash)])
        }
    }
}

/// Changes a feed published, in order.
final class ChangeLog: Sendable {
    private let changes = Mutex<[StoreChange]>([])
    func add(_ change: StoreChange) { changes.withLock { $0.append(change) } }
    var all: [StoreChange] { changes.withLock { $0 } }
}
