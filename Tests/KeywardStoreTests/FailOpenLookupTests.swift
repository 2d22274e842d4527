import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

/// What a node may still answer from its cache once its change feed is
/// incomplete (it cannot hear the other nodes). The feed of a real SQLite
/// store is marked incomplete by hand, as a lost listener marks PostgreSQL's.
@Suite("Fail-open lookups through an outage")
struct FailOpenLookupTests {
    @Test("only keys cached before the outage, of a keyspace that fails open, inside its window; none once the feed is complete again")
    func throughOutage() async throws {
        let folder = try TemporaryFolder("keyward-fail-open")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        defer { Task { try? await store.close() } }
        var lenient = RecordFixtures.keyspace(name: "lenient")
        lenient.failOpenFor = try DurationText(parsing: "1s")
        let strict = RecordFixtures.keyspace(name: "strict")
        try await store.insertKeyspace(lenient)
        try await store.insertKeyspace(strict)
        let (openSecret, openKey) = RecordFixtures.key(in: lenient)
        let (uncachedSecret, uncachedKey) = RecordFixtures.key(in: lenient)
        let (closedSecret, closedKey) = RecordFixtures.key(in: strict)
        for key in [openKey, uncachedKey, closedKey] { try await store.insertKey(key) }
        let lookups = CachedLookups(store: store)
        try await lookups.prepare()
        let open = RecordFixtures.hasher.hash(openSecret)
        let closed = RecordFixtures.hasher.hash(closedSecret)
        let uncached = RecordFixtures.hasher.hash(uncachedSecret)
        #expect(try await lookups.verifiableKey(hash: open)?.record.id == openKey.id)
        #expect(try await lookups.verifiableKey(hash: closed)?.record.id == closedKey.id)
        #expect(lookups.keyThroughOutage(hash: open) == nil, "no outage: nothing is answered past the store")

        store.changes.setComplete(false)
        let since = try #require(store.changes.incompleteSince)
        #expect(lookups.keyThroughOutage(hash: open)?.record.id == openKey.id)
        #expect(lookups.keyThroughOutage(hash: closed) == nil, "its keyspace fails closed")
        #expect(lookups.keyThroughOutage(hash: uncached) == nil, "never cached")
        store.changes.setComplete(false)
        #expect(store.changes.incompleteSince == since, "the outage runs from when it began, not from the last report of it")
        // While the feed is incomplete, reads go to the store and fill no cache.
        #expect(try await lookups.verifiableKey(hash: uncached)?.record.id == uncachedKey.id)
        #expect(lookups.keyThroughOutage(hash: uncached) == nil)

        try await Task.sleep(until: since + .milliseconds(1_050), clock: .continuous)
        #expect(lookups.keyThroughOutage(hash: open) == nil, "past the keyspace's window")

        store.changes.setComplete(true)
        #expect(store.changes.incompleteSince == nil)
        #expect(lookups.keyThroughOutage(hash: open) == nil)
    }
}
