import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

/// What `keyward scan --report-leaks` sends and says (SPEC §10, §11).
@Suite struct ScanLeakReportTests {
    @Test func theKeywardRuleFindsManagementTokensAndTheyAreReported() throws {
        let token = APIKey.generate(prefix: .managementToken).secret
        let key = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: "acme_live")).secret
        let github = TestSupport.githubToken()
        let text = "KEYWARD_TOKEN=\(token)\nAPI_KEY=\(key)\nGITHUB_TOKEN=\(github)\nAGAIN=\(token)\n"
        let findings = try SecretScanner().scan(ScanOptions(source: .stdin)) { Data(text.utf8) }.findings
        let tokenFinding = try #require(findings.first { $0.secret == token })
        #expect(tokenFinding.rule == "keyward-key")
        #expect(tokenFinding.confirmed)
        // Each distinct key or token once; other credential kinds are not `keys`.
        #expect(LeakReportSummary.keys(in: findings) == [key, token].sorted())
    }

    @Test func theMessageCountsKeysAndTokensInSingularAndPlural() {
        var one = LeakReportSummary()
        one.add(sent: [APIKey.generate(prefix: .defaultKeyspace).secret])
        one.add(answer: ["revoked": .array([.object([:])]), "alreadyRevoked": .array([]), "notFound": .number(0), "malformed": .number(0)])
        #expect(
            one.message(address: "http://k") == "reported 1 Keyward key to http://k: 1 revoked now, 0 already revoked, 0 unknown to this server")

        var many = LeakReportSummary()
        many.add(sent: [APIKey.generate(prefix: .defaultKeyspace).secret, APIKey.generate(prefix: .defaultKeyspace).secret])
        many.add(answer: ["revoked": .array([]), "alreadyRevoked": .array([.object([:])]), "notFound": .number(1)])
        #expect(
            many.message(address: "http://k")
                == "reported 2 Keyward keys to http://k: 0 revoked now, 1 already revoked, 1 unknown to this server")
    }

    @Test func revokedManagementTokensAreSaidWhenTheServerCountsThem() {
        let tokens = [APIKey.generate(prefix: .managementToken).secret, APIKey.generate(prefix: .managementToken).secret]
        var summary = LeakReportSummary()
        summary.add(sent: tokens + [APIKey.generate(prefix: .defaultKeyspace).secret])
        summary.add(answer: ["revoked": .array([.object([:])]), "revokedTokens": .number(2)])
        #expect(summary.managementTokens == 2 && summary.keys == 1)
        #expect(
            summary.message(address: "http://k")
                == "reported 1 Keyward key and 2 management tokens to http://k: 1 revoked now, 0 already revoked, 0 unknown to this server; 2 management tokens revoked"
        )

        // An older server says nothing of tokens: none revoked, and nothing said.
        var older = LeakReportSummary()
        older.add(sent: [tokens[0]])
        older.add(answer: ["revoked": .array([]), "notFound": .number(1)])
        #expect(older.revokedTokens == 0)
        #expect(
            older.message(address: "http://k")
                == "reported 1 management token to http://k: 0 revoked now, 0 already revoked, 1 unknown to this server")
        var one = LeakReportSummary()
        one.add(sent: [tokens[0]])
        one.add(answer: ["revokedTokens": .number(1)])
        #expect(one.message(address: "http://k").hasSuffix("; 1 management token revoked"))
        var odd = LeakReportSummary()
        odd.add(answer: ["revokedTokens": .string("2")])
        #expect(odd.revokedTokens == 0)
    }
}
