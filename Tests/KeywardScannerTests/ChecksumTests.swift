import KeywardCore
import Testing

@testable import KeywardScanner

@Suite struct ChecksumTests {
    @Test func githubTokensAreConfirmedByTheirChecksum() throws {
        let token = TestSupport.githubToken()
        let found = try #require(TestSupport.detector.detect(in: "t = \(token)").first)
        #expect(found.rule.id == "github-pat")
        #expect(found.verdict == .confirmed)
        #expect(found.secret == token)
    }

    @Test func aWrongChecksumIsNotAFinding() {
        let token = TestSupport.githubToken()
        let broken = String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0")
        #expect(TestSupport.detector.detect(in: "t = \(broken)").isEmpty)
    }

    @Test func keywardKeysOfAnyPrefixAreConfirmed() throws {
        for prefix in ["kw", "acme_live", "kwm"] {
            let key: String
            if prefix == "kwm" {
                key = APIKey.generate(prefix: .managementToken).secret
            } else {
                key = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: prefix)).secret
            }
            let found = try #require(TestSupport.detector.detect(in: "key: \"\(key)\"").first)
            #expect(found.rule.id == "keyward-key")
            #expect(found.secret == key)
            #expect(found.verdict == .confirmed)
        }
    }

    @Test func aKeywardKeyWithAWrongChecksumIsNotAFinding() {
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        let broken = String(key.dropLast()) + (key.hasSuffix("0") ? "1" : "0")
        #expect(TestSupport.detector.detect(in: broken).isEmpty)
    }

    @Test func npmTokensAreConfirmed() throws {
        let token = "npm_" + TrailingChecksum.append(to: Base62.random(count: 30))
        let found = try #require(TestSupport.detector.detect(in: token).first)
        #expect(found.rule.id == "npm-token")
        #expect(found.verdict == .confirmed)
    }

    @Test func formatsWithoutAChecksumAreNeverConfirmed() {
        let found = TestSupport.detector.detect(in: "k = \"AKIA" + "QX7TVYZ2WR5UQ3NM\"")
        #expect(found.map(\.rule.id) == ["aws-access-key-id"])
        #expect(found.allSatisfy { $0.verdict == .plausible })
    }
}
