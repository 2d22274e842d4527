import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

@Suite("Known-key filter")
struct KnownKeyFilterTests {
    static func randomHash() -> KeyHash {
        RecordFixtures.hasher.hash(APIKey.generate(prefix: .defaultKeyspace))
    }

    @Test("every hash it was told about is a maybe; few others are; until built, everything is")
    func answers() async throws {
        let filter = KnownKeyFilter()
        let unbuilt = Self.randomHash()
        #expect(filter.mightContain(unbuilt), "an unbuilt filter must not refuse any key")
        let folder = try TemporaryFolder("keyward-filter")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        try await filter.rebuild(from: store)
        let known = (0..<20_000).map { _ in Self.randomHash() }
        for hash in known { filter.insert(hash) }
        #expect(known.allSatisfy(filter.mightContain), "a known key was refused")
        let strangers = (0..<20_000).filter { _ in filter.mightContain(Self.randomHash()) }.count
        #expect(strangers < 200, "\(strangers) of 20,000 unknown hashes passed (design: about 50)")
        filter.invalidateAll()
        #expect(filter.mightContain(Self.randomHash()))
        try await store.close()
    }

    @Test("at its design's fill (16 bits a key, four probes in one block) about 1 unknown hash in 370 passes")
    func designFill() async throws {
        let filter = KnownKeyFilter()
        let folder = try TemporaryFolder("keyward-filter")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        try await filter.rebuild(from: store)
        // The smallest filter has 2^20 bits: 65,536 keys fill it to its design.
        let known = (0..<65_536).map { _ in Self.randomHash() }
        for hash in known { filter.insert(hash) }
        #expect(known.allSatisfy(filter.mightContain), "a known key was refused")
        let strangers = (0..<50_000).filter { _ in filter.mightContain(Self.randomHash()) }.count
        // 50,000 / 370 is 135; a filter whose blocks were not spread would pass far more.
        #expect((60...270).contains(strangers), "\(strangers) of 50,000 unknown hashes passed (design: about 135)")
        try await store.close()
    }

    @Test("a rebuild reads every key of the store, in pages, and keeps what it heard meanwhile")
    func rebuild() async throws {
        let folder = try TemporaryFolder("keyward-filter")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        let keyspace = RecordFixtures.keyspace()
        try await store.insertKeyspace(keyspace)
        var hashes: [KeyHash] = []
        for _ in 0..<25 {
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            hashes.append(key.hash)
        }
        let filter = KnownKeyFilter()
        try await filter.rebuild(from: store, pageSize: 7)
        #expect(filter.count == 25)
        #expect(hashes.allSatisfy(filter.mightContain))
        let paged = try await store.keyHashes(after: nil, limit: 10)
        #expect(paged.count == 10)
        #expect(paged == paged.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) })
        #expect(try await store.keyHashes(after: paged.last, limit: 100).count == 15)
        try await store.close()
    }
}
