import Foundation
import KeywardCore
import KeywardStore
import Synchronization
import Testing

@Suite("Verification cache")
struct VerificationCacheTests {
    /// A distinct hash for each seed, made without the system's random source
    /// (200,000 of them must be cheap).
    static func hash(_ seed: Int) -> KeyHash {
        var state = UInt64(truncatingIfNeeded: seed) &+ 0x9E37_79B9_7F4A_7C15
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            state = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            state = (state ^ (state >> 27)) &* 0x94D0_49BB_1331_11EB
            state ^= state >> 31
            withUnsafeBytes(of: state) { bytes.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: seed) { for (index, byte) in $0.enumerated() { bytes[index] = byte } }
        return KeyHash(bytes: bytes)!
    }

    @Test("200,000 made-up keys leave the hit rate of 1,000 hot keys above 99%")
    func floodOfMisses() async throws {
        let cache = VerificationCache<Int>(capacity: 100_000, missCapacity: 10_000)
        let hot = (0..<1_000).map(Self.hash)
        let loads = Mutex(0)
        @Sendable func load(_ hash: KeyHash) async throws -> Int? {
            loads.withLock { $0 += 1 }
            return hot.contains(hash) ? 1 : nil
        }
        for hash in hot { _ = try await cache.value(for: hash, load: load) }
        loads.withLock { $0 = 0 }
        var hotLookups = 0
        var hotLoads = 0
        for index in 0..<200_000 {
            _ = try await cache.value(for: Self.hash(1_000_000 + index), load: { _ in nil })
            if index % 100 == 0 {
                let hash = hot[index / 100 % hot.count]
                let before = loads.withLock { $0 }
                #expect(try await cache.value(for: hash, load: load) == 1)
                hotLoads += loads.withLock { $0 } - before
                hotLookups += 1
            }
        }
        let hitRate = Double(hotLookups - hotLoads) / Double(hotLookups)
        #expect(hitRate > 0.99, "hit rate \(hitRate)")
        #expect(cache.count.found == 1_000)
        #expect(cache.count.missing <= 10_000)
    }

    @Test("found entries are evicted by recency, never all at once")
    func recency() async throws {
        let cache = VerificationCache<Int>(capacity: 100, missCapacity: 10)
        let keep = Self.hash(1)
        _ = try await cache.value(for: keep) { _ in 1 }
        for index in 0..<1_000 {
            _ = try await cache.value(for: Self.hash(10 + index)) { _ in 2 }
            // Touching `keep` keeps it young.
            #expect(cache.lookup(keep) == .some(1))
            #expect(cache.count.found <= 100)
            if index >= 100 { #expect(cache.count.found >= 50) }
        }
    }

    @Test("a fill that started before an invalidation is dropped")
    func staleFill() async throws {
        let cache = VerificationCache<Int>()
        let hash = Self.hash(7)
        _ = try await cache.value(for: hash) { _ in
            cache.invalidate(hash)
            return 1
        }
        #expect(cache.lookup(hash) == nil)
    }
}
