import Foundation
import KeywardCore
import KeywardStore

/// The data the verification benchmarks run over: issued keys as a request
/// brings them, their hashes, and a verification cache filled as the server's
/// would be after those keys were verified once.
struct VerificationFixture: Sendable {
    /// Keys that the benchmarks cycle through (distinct, like the load script's).
    static let keyCount = 1_000

    let hasher: KeyHasher
    /// Plaintext of issued keys.
    let keys: [String]
    /// The same keys with the last checksum character changed: MALFORMED.
    let wrongChecksums: [String]
    /// The cache, holding `entryCount` entries: the keys' records first, then
    /// records under other hashes until the count is reached.
    let cache: VerificationCache<VerifiableKey>
    /// Every hash the cache holds, shuffled, so lookups do not walk it in order.
    let cachedHashes: [KeyHash]

    /// A fixture whose cache holds `entryCount` entries (at least `keyCount`).
    static func make(cacheEntries entryCount: Int) async throws -> VerificationFixture {
        precondition(entryCount >= keyCount, "the cache holds at least the keys")
        var generator = SplitMix64(seed: 0x4B65_7977_6172_64)
        let hasher = try KeyHasher(pepper: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let keyspace = Keyspace.fixture
        let keys = (0..<keyCount).map { _ in APIKey.generate(prefix: keyspace.prefix, using: &generator) }
        let cache = VerificationCache<VerifiableKey>(capacity: max(entryCount, 100_000))
        var hashes: [KeyHash] = []
        hashes.reserveCapacity(entryCount)
        for key in keys {
            hashes.append(hasher.hash(key))
        }
        while hashes.count < entryCount {
            hashes.append(KeyHash(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })!)
        }
        for hash in hashes {
            let record = VerifiableKey.fixture(hash: hash, keyspace: keyspace)
            _ = try await cache.value(for: hash) { _ in record }
        }
        precondition(cache.count.found == entryCount, "every entry was cached")
        return VerificationFixture(
            hasher: hasher,
            keys: keys.map(\.secret),
            wrongChecksums: keys.map { VerificationFixture.breakingChecksum(of: $0.secret) },
            cache: cache,
            cachedHashes: hashes.shuffled(using: &generator)
        )
    }

    /// `key` with its last character replaced by another base62 digit.
    private static func breakingChecksum(of key: String) -> String {
        let last = key.utf8.last!
        let other: Character = last == UInt8(ascii: "0") ? "1" : "0"
        return String(key.dropLast()) + String(other)
    }
}

extension Keyspace {
    static let fixture = Keyspace(
        id: "ks_benchmarkBenchmarkBench", name: "bench", prefix: KeyPrefix.defaultKeyspace,
        createdAt: Date(timeIntervalSince1970: 1_790_000_000), updatedAt: Date(timeIntervalSince1970: 1_790_000_000)
    )
}

extension VerifiableKey {
    /// An active key record with a scope and an owner, as a gateway would see it.
    static func fixture(hash: KeyHash, keyspace: Keyspace) -> VerifiableKey {
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        let record = KeyRecord(
            id: RecordID.make(.key), keyspaceId: keyspace.id, hash: hash, start: "kw_bnch", owner: "bench-consumer",
            scopes: [try! Scope(parsing: "docs:read")], createdAt: time, updatedAt: time
        )
        return VerifiableKey(record: record, keyspaceName: keyspace.name)
    }
}

/// A small seeded generator, so every run measures the same keys.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
