import Foundation
import KeywardCore
import KeywardEngine
import Testing

@Suite("Limit ledger")
struct LimitLedgerTests {
    /// Through a stale lease the ledger could also wait forever on a reservation
    /// that fills another: the time limit makes that a failure, not a hang. It
    /// is generous: beside the whole suite on two cores the test waits up to
    /// 90 s for its turn (its own work takes a tenth of a second).
    @Test(
        "a lease given back is never spent again through a key that kept it: a quota of 50 admits exactly 50 around a release",
        .timeLimit(.minutes(10)))
    func releasedLeaseStaysReleased() async throws {
        try await MonitoringTests.withEngine { engine, _, keyspace in
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(quota: .set(remaining: 50, refill: nil)), by: .system)
            let first = try await engine.verifier.verify(VerificationRequest(key: created.key.secret))
            #expect(first.code == .valid)
            let key = try #require(first.key)
            var admitted = 1
            for _ in 0..<9 where try await engine.limits.admit(key, cost: 1, at: engine.now).code == .valid { admitted += 1 }
            await engine.limits.settle()
            // What this node holds goes back to the store; the same cached key admits on.
            await engine.limits.releaseLeases()
            for _ in 0..<200 {
                let decision = try await engine.limits.admit(key, cost: 1, at: engine.now)
                guard decision.code == .valid else {
                    #expect(decision.code == .usageExceeded)
                    break
                }
                admitted += 1
            }
            #expect(admitted == 50, "a quota of 50 admitted \(admitted)")
        }
    }
}
