import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

@Suite struct SuppressionTests {
    func scan(_ folder: String, baseline: String? = nil) throws(KeywardError) -> ScanResult {
        var options = ScanOptions(source: .files, paths: [folder])
        options.baselinePath = baseline
        return try SecretScanner().scan(options)
    }

    @Test func inlineAllowSuppressesTheLine() throws {
        let folder = TestSupport.temporaryFolder()
        let token = TestSupport.githubToken()
        TestSupport.write("a = \"\(token)\" // keyward:allow\nb = \"\(token)\"\n", to: folder + "/a.swift")
        let result = try scan(folder)
        #expect(result.findings.map(\.line) == [2])
    }

    @Test func keywardignoreGlobsAndFingerprints() throws {
        let folder = TestSupport.temporaryFolder()
        let token = TestSupport.githubToken()
        TestSupport.write("t = \(token)\n", to: folder + "/vendor/lib/x.txt")
        TestSupport.write("t = \(token)\n", to: folder + "/fixtures/a.env")
        TestSupport.write("t = \(token)\n", to: folder + "/src/b.env")
        TestSupport.write("t = \(token)\n", to: folder + "/src/c.env")
        let before = try scan(folder)
        #expect(before.findings.count == 4)
        let fingerprintOfC = try #require(before.findings.first { $0.file.hasSuffix("src/c.env") }?.fingerprint)
        TestSupport.write("# third-party code\nvendor/\nfixtures/*.env\nfingerprint: \(fingerprintOfC)\n", to: folder + "/.keywardignore")
        let after = try scan(folder)
        #expect(after.findings.map(\.file) == [folder + "/src/b.env"])
        #expect(after.suppressed == 1)
    }

    @Test func baselineHidesKnownFindingsAndSurvivesMovedLines() throws {
        let folder = TestSupport.temporaryFolder()
        let old = TestSupport.githubToken()
        TestSupport.write("t = \(old)\n", to: folder + "/a.env")
        let baselinePath = TestSupport.temporaryFolder() + "/baseline.json"
        try Baseline(findings: try scan(folder).findings).write(to: baselinePath)
        let new = TestSupport.githubToken()
        TestSupport.write("\n\n# moved down\nt = \(old)\nu = \(new)\n", to: folder + "/a.env")
        let result = try scan(folder, baseline: baselinePath)
        #expect(result.findings.map(\.secret) == [new])
        #expect(result.suppressed == 1)
    }

    @Test func fingerprintsDependOnRelativePathRuleAndSecretNotOnTheCheckout() throws {
        let token = TestSupport.githubToken()
        let first = TestSupport.temporaryFolder()
        let second = TestSupport.temporaryFolder()
        TestSupport.write("t = \(token)\n", to: first + "/conf/a.env")
        TestSupport.write("\n\nt = \(token)\n", to: second + "/conf/a.env")
        let one = try #require(try scan(first).findings.first)
        let two = try #require(try scan(second).findings.first)
        #expect(one.fingerprint == two.fingerprint)
        #expect(one.fingerprint == Fingerprint.make(relativePath: "conf/a.env", rule: "github-pat", secret: token))
        #expect(one.fingerprint != Fingerprint.make(relativePath: "conf/b.env", rule: "github-pat", secret: token))
    }

    @Test func aMalformedBaselineIsAnInputError() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("not json", to: folder + "/baseline.json")
        do {
            _ = try scan(folder, baseline: folder + "/baseline.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidBaseline)
        }
    }
}
