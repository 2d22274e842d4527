import Testing

@testable import KeywardScanner

/// Every rule carries its own evidence: its true samples are found by it, its
/// false samples are not.
@Suite struct RuleSampleTests {
    @Test func thereAreAtLeastSixtyRulesWithUniqueIDs() {
        let ids = RuleCatalog.builtIn.map(\.id)
        #expect(ids.count >= 60)
        #expect(Set(ids).count == ids.count)
    }

    @Test(arguments: RuleCatalog.builtIn.map(\.id))
    func samplesBehave(ruleID: String) throws {
        let rule = try #require(RuleCatalog.rule(id: ruleID))
        // Random samples: run a few rounds so a lucky draw cannot hide a bug.
        for _ in 0..<5 {
            let samples = rule.samples()
            #expect(!samples.positives.isEmpty)
            for positive in samples.positives {
                #expect(TestSupport.ruleIDs(in: positive, path: samples.path).contains(ruleID), "\(ruleID) misses a true sample: \(positive)")
            }
            for negative in samples.negatives {
                #expect(!TestSupport.ruleIDs(in: negative, path: samples.path).contains(ruleID), "\(ruleID) finds a false sample: \(negative)")
            }
        }
    }
}
