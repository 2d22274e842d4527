import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    static let quotaCases: [Case] = [
        Case("a quota is stored with its key; a reservation takes at least the minimum or nothing, and never a use twice") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            key.quota = Quota(remaining: 10)
            key.ratelimits = [try RateLimit(parsing: "5/1m"), try RateLimit(parsing: "100/1h:owner")]
            try await store.insertKey(key)
            #expect(try await store.key(id: key.id) == key)
            let now = RecordFixtures.epoch
            #expect(try await store.reserveQuota(budgetID: key.id, wanted: 4, atLeast: 1, at: now)?.granted == 4)
            let partial = try #require(try await store.reserveQuota(budgetID: key.id, wanted: 100, atLeast: 2, at: now))
            #expect(partial.granted == 6)
            #expect(partial.remaining == 0)
            #expect(try await store.reserveQuota(budgetID: key.id, wanted: 1, atLeast: 1, at: now)?.granted == 0)
            #expect(try await store.key(id: key.id)?.quota?.remaining == 0)
            #expect(try await store.reserveQuota(budgetID: RecordID.make(.key), wanted: 1, atLeast: 1, at: now) == nil)
        },
        Case("64 parallel reservations of one use from a quota of 40 grant exactly 40") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            key.quota = Quota(remaining: 40)
            try await store.insertKey(key)
            let budgetID = key.id
            let granted = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<64 {
                    group.addTask { try await store.reserveQuota(budgetID: budgetID, wanted: 1, atLeast: 1, at: RecordFixtures.epoch)?.granted ?? 0 }
                }
                return try await group.reduce(0, +)
            }
            #expect(granted == 40)
        },
        Case("a due refill is applied by the next reservation; a release gives back only within its generation and period") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            let refill = try QuotaRefill(parsing: "20/day")
            key.quota = Quota(remaining: 5, refill: refill, refilledAt: refill.periodStart(containing: RecordFixtures.epoch))
            try await store.insertKey(key)
            let today = try #require(try await store.reserveQuota(budgetID: key.id, wanted: 3, atLeast: 1, at: RecordFixtures.epoch))
            #expect(today.remaining == 2)
            #expect(today.periodEnd == refill.nextRefill(after: RecordFixtures.epoch))
            try await store.releaseQuota(budgetID: key.id, units: 3, generation: today.generation, periodEnd: today.periodEnd)
            #expect(try await store.key(id: key.id)?.quota?.remaining == 5)
            // A stale generation gives nothing back.
            try await store.releaseQuota(budgetID: key.id, units: 3, generation: today.generation + 1, periodEnd: today.periodEnd)
            #expect(try await store.key(id: key.id)?.quota?.remaining == 5)
            let tomorrow = RecordFixtures.epoch.addingTimeInterval(86_400)
            let refilled = try #require(try await store.reserveQuota(budgetID: key.id, wanted: 1, atLeast: 1, at: tomorrow))
            #expect(refilled.remaining == 19)
            // Yesterday's lease is not carried into today.
            try await store.releaseQuota(budgetID: key.id, units: 3, generation: today.generation, periodEnd: today.periodEnd)
            #expect(try await store.key(id: key.id)?.quota?.remaining == 19)
        },
        Case("a quota change merges, starts a new generation, and null removes it") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            key.quota = Quota(remaining: 5)
            try await store.insertKey(key)
            let now = RecordFixtures.epoch.addingTimeInterval(10)
            let refill = try QuotaRefill(parsing: "9/month")
            let updated = try await store.updateKey(id: key.id, KeyChanges(quota: .set(remaining: nil, refill: .some(refill))), at: now)
            #expect(updated.quota?.remaining == 5)
            #expect(updated.quota?.refill == refill)
            #expect(updated.quota?.generation == 2)
            #expect(try await store.key(id: key.id) == updated)
            let cleared = try await store.updateKey(id: key.id, KeyChanges(quota: .clear), at: now)
            #expect(cleared.quota == nil)
            #expect(try await store.reserveQuota(budgetID: key.id, wanted: 1, atLeast: 1, at: now) == nil)
            let again = try await store.updateKey(id: key.id, KeyChanges(quota: .set(remaining: 3, refill: nil)), at: now)
            #expect(again.quota?.remaining == 3)
        },
        Case("a rotation's successor spends the same quota; it goes with the last key of the line") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            key.quota = Quota(remaining: 10)
            try await store.insertKey(key)
            let now = RecordFixtures.epoch
            _ = try await store.reserveQuota(budgetID: key.id, wanted: 4, atLeast: 1, at: now)
            let rotation = try #require(
                try await store.rotateKey(id: key.id, at: now, graceUntil: now.addingTimeInterval(60)) { successor(of: $0, at: now) })
            #expect(rotation.new.budgetID == key.id)
            #expect(rotation.new.quota?.remaining == 6)
            #expect(try await store.key(id: rotation.new.id)?.quota?.remaining == 6)
            _ = try await store.deleteKey(id: key.id)
            #expect(try await store.key(id: rotation.new.id)?.quota?.remaining == 6)
            _ = try await store.deleteKey(id: rotation.new.id)
            #expect(try await store.reserveQuota(budgetID: key.id, wanted: 1, atLeast: 1, at: now) == nil)
        },
        Case("a list of overdue keys holds active, unrotated keys past their keyspace's rotation period") { store in
            var keyspace = RecordFixtures.keyspace()
            keyspace.rotationPeriod = try DurationText(parsing: "30d")
            try await store.insertKeyspace(keyspace)
            let plain = RecordFixtures.keyspace()
            try await store.insertKeyspace(plain)
            let (_, old) = RecordFixtures.key(in: keyspace)
            let (_, young) = RecordFixtures.key(in: keyspace, at: RecordFixtures.epoch.addingTimeInterval(20 * 86_400))
            let (_, unruled) = RecordFixtures.key(in: plain)
            var (_, disabled) = RecordFixtures.key(in: keyspace)
            disabled.enabled = false
            for key in [old, young, unruled, disabled] { try await store.insertKey(key) }
            let later = RecordFixtures.epoch.addingTimeInterval(31 * 86_400)
            let overdue = try await store.listKeys(KeyFilter(rotationOverdue: true, now: later), PageRequest(limit: 10, cursor: nil))
            #expect(overdue.items.map(\.id) == [old.id])
            let rotation = try #require(try await store.rotateKey(id: old.id, at: later, graceUntil: later) { successor(of: $0, at: later) })
            #expect(try await store.listKeys(KeyFilter(rotationOverdue: true, now: later), PageRequest(limit: 10, cursor: nil)).items.isEmpty)
            let muchLater = later.addingTimeInterval(60 * 86_400)
            let next = try await store.listKeys(KeyFilter(rotationOverdue: true, now: muchLater), PageRequest(limit: 10, cursor: nil))
            #expect(Set(next.items.map(\.id)) == [young.id, rotation.new.id])
        },
    ]
}
