import Foundation
import KeywardCore
import Testing

@Suite("Prehashed dictionary keys and rate windows")
struct PrehashedTests {
    @Test("a prehashed key finds what an equal key stored, and only that")
    func findsEqualValues() {
        var table: [Prehashed<String>: Int] = [:]
        for index in 0..<1_000 { table[Prehashed("key-\(index)")] = index }
        #expect(table.count == 1_000)
        for index in 0..<1_000 { #expect(table[Prehashed("key-" + String(index))] == index) }
        #expect(table[Prehashed("key-1000")] == nil)
        #expect(Prehashed("a") == Prehashed("a"))
        #expect(Prehashed("a") != Prehashed("b"))
    }

    @Test("keys of one owner share an owner limit's count; a key limit counts per budget; a key without owner counts alone")
    func rateWindowKeys() throws {
        let day = try DurationText(parsing: "1d")
        let perOwner = try RateLimit(limit: 10, window: day, per: .owner)
        let perKey = try RateLimit(limit: 10, window: day)
        func record(_ id: String, owner: String?, budget: String? = nil) throws -> KeyRecord {
            let hash = try #require(KeyHash(bytes: [UInt8](repeating: 7, count: 32)))
            return KeyRecord(
                id: id, keyspaceId: "ks_1", hash: hash, start: "kw_00", owner: owner, budgetID: budget, createdAt: .now, updatedAt: .now)
        }
        let alice1 = try record("k1", owner: "alice"), alice2 = try record("k2", owner: "alice"), bob = try record("k3", owner: "bob")
        #expect(RateWindowKey(perOwner, of: alice1) == RateWindowKey(perOwner, of: alice2))
        #expect(RateWindowKey(perOwner, of: alice1) != RateWindowKey(perOwner, of: bob))
        #expect(RateWindowKey(perKey, of: alice1) != RateWindowKey(perKey, of: alice2))
        #expect(RateWindowKey(perKey, of: try record("k4", owner: nil, budget: "k1")) == RateWindowKey(perKey, of: alice1))
        let ownerless = try record("k5", owner: nil)
        #expect(RateWindowKey(perOwner, of: ownerless).scope == RateWindowKey(perKey, of: ownerless).scope)
        var otherWindow = perOwner
        otherWindow.window = try DurationText(parsing: "1h")
        #expect(RateWindowKey(otherWindow, of: alice1) != RateWindowKey(perOwner, of: alice1))
    }
}
