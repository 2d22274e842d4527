import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

@Suite("Cached lookups")
struct CachedLookupsTests {
    @Test("with a key cache of 0 every lookup of a known key reads the store and fills nothing")
    func noKeyCache() async throws {
        let folder = try TemporaryFolder("keyward-lookups")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        defer { Task { try? await store.close() } }
        let keyspace = RecordFixtures.keyspace()
        try await store.insertKeyspace(keyspace)
        let (secret, key) = RecordFixtures.key(in: keyspace)
        try await store.insertKey(key)
        let uncached = CachedLookups(store: store, capacity: 0)
        let cached = CachedLookups(store: store)
        try await uncached.prepare()
        try await cached.prepare()
        let hash = RecordFixtures.hasher.hash(secret)
        for _ in 0..<3 {
            #expect(try await uncached.verifiableKey(hash: hash)?.record.id == key.id)
            #expect(try await cached.verifiableKey(hash: hash)?.record.id == key.id)
        }
        #expect(uncached.keys.statistics == .init(hits: 0, misses: 0), "the cache was never asked")
        #expect(uncached.keys.count.found == 0)
        #expect(cached.keys.statistics == .init(hits: 2, misses: 1))
        let (guess, _) = RecordFixtures.key(in: keyspace)
        #expect(try await uncached.verifiableKey(hash: RecordFixtures.hasher.hash(guess)) == nil)
    }
}
