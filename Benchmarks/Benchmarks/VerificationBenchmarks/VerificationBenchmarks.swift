import Benchmark
import Foundation
import KeywardCore
import KeywardStore

/// The verification hot path of `/v1/auth` and `POST /v1/keys/verify`, piece by
/// piece (SPEC §4): parse the key (step 1), hash it (SPEC §2), look the hash up
/// in the cache, and the three together. Every benchmark runs 1,000 operations
/// per iteration (`scalingFactor: .kilo`); times are per operation.
let benchmarks: @Sendable () -> Void = {
    // Time is noisy on a shared 2-core machine: allow 35% at p90 before calling
    // it a regression. Allocations are exact: allow none more.
    let timeTolerance = BenchmarkThresholds(relative: [.p90: 35])
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000,
        thresholds: [
            .wallClock: timeTolerance,
            .throughput: timeTolerance,
            .mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0]),
        ]
    )

    Benchmark("APIKey.parse valid") { benchmark, fixture in
        let keys = fixture.keys
        for index in benchmark.scaledIterations {
            blackHole(KeyVerifier.parse(keys[index % keys.count]))
        }
    } setup: {
        try await VerificationFixture.make(cacheEntries: VerificationFixture.keyCount)
    }

    Benchmark("APIKey.parse malformed checksum") { benchmark, fixture in
        let texts = fixture.wrongChecksums
        for index in benchmark.scaledIterations {
            blackHole(KeyVerifier.parse(texts[index % texts.count]))
        }
    } setup: {
        try await VerificationFixture.make(cacheEntries: VerificationFixture.keyCount)
    }

    Benchmark("APIKey.parse malformed not-a-key") { benchmark in
        let text = "Bearer-token-that-is-no-key"
        for _ in benchmark.scaledIterations {
            blackHole(KeyVerifier.parse(text))
        }
    }

    Benchmark("KeyHasher.hash") { benchmark, fixture in
        let keys = fixture.keys.map { KeyVerifier.parse($0)! }
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            blackHole(fixture.hasher.hash(keys[index % keys.count]))
        }
    } setup: {
        try await VerificationFixture.make(cacheEntries: VerificationFixture.keyCount)
    }

    // A lookup that hits, in a cache of 1,000 and of 100,000 keys (the
    // server's default capacity), over every cached hash in shuffled order.
    for entries in [1_000, 100_000] {
        Benchmark("VerificationCache.lookup \(entries) keys") { benchmark, fixture in
            let hashes = fixture.cachedHashes
            let offset = (benchmark.currentIteration &* benchmark.scaledIterations.count) % hashes.count
            for index in benchmark.scaledIterations {
                blackHole(fixture.cache.lookup(hashes[(offset + index) % hashes.count]))
            }
        } setup: {
            try await VerificationFixture.make(cacheEntries: entries)
        }
    }

    // Parse + hash + cache lookup: what `VerificationService.verify` does for a
    // known key before the state checks, through the cache's async
    // `value(for:load:)` as the server calls it (a cached key never loads).
    for entries in [1_000, 100_000] {
        Benchmark("Verify path \(entries) keys") { benchmark, fixture in
            let keys = fixture.keys
            for index in benchmark.scaledIterations {
                guard let key = KeyVerifier.parse(keys[index % keys.count]) else {
                    benchmark.error("a valid key did not parse")
                    return
                }
                let found = try? await fixture.cache.value(for: fixture.hasher.hash(key)) { _ in nil }
                blackHole(found)
            }
        } setup: {
            try await VerificationFixture.make(cacheEntries: entries)
        }
    }
}
