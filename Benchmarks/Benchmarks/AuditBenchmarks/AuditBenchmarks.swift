import Benchmark
import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore

/// The audit log's costs (docs/benchmarks.md): linking one entry (one HMAC and
/// one SHA-256 over its canonical bytes), and checking a whole log of
/// 1,000,000 entries in a real SQLite file, in one pass with bounded memory,
/// with the audit key (both chains) and without it (the public digest chain an
/// auditor checks offline).
let benchmarks: @Sendable () -> Void = {
    let timeTolerance = BenchmarkThresholds(relative: [.p90: 35])
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .microseconds,
        warmupIterations: 1,
        maxDuration: .seconds(60),
        maxIterations: 3,
        thresholds: [.wallClock: timeTolerance, .throughput: timeTolerance]
    )

    Benchmark("AuditChain.link", configuration: .init(timeUnits: .nanoseconds, warmupIterations: 10, scalingFactor: .kilo, maxDuration: .seconds(2), maxIterations: 10_000)) {
        benchmark in
        let chain = AuditFixture.chain
        let draft = AuditFixture.draft(1)
        var previous = (hash: AuditChain.genesis, digest: AuditChain.genesis)
        for index in benchmark.scaledIterations {
            let entry = chain.link(draft, seq: Int64(index + 1), after: previous)
            previous = (entry.hash, entry.digest)
        }
        blackHole(previous)
    }

    Benchmark("Audit chain check 1000000 entries keyed") { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let verification = try await AuditLog.verify(reader: fixture.store, chain: AuditFixture.chain, against: nil)
            precondition(verification.isIntact && verification.checked == AuditFixture.count)
            blackHole(verification)
        }
    } setup: {
        try await AuditFixture.shared()
    }

    Benchmark("Audit chain check 1000000 entries public digest") { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let verification = try await AuditLog.verify(reader: fixture.store, chain: nil, against: nil)
            precondition(verification.isIntact && verification.checked == AuditFixture.count)
            blackHole(verification)
        }
    } setup: {
        try await AuditFixture.shared()
    }
}
