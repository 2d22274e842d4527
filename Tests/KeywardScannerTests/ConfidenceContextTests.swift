import Foundation
import Testing

@testable import KeywardScanner

/// `confidence` and `context` on findings (issue 18): how sure a finding is, and
/// whether it lies under a test, fixture, example or benchmark path.
@Suite struct ConfidenceContextTests {
    static func scan(_ files: [String: String], options: (inout ScanOptions) -> Void = { _ in }) throws -> [Finding] {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (path, text) in files { TestSupport.write(text, to: folder + "/" + path) }
        var scanOptions = ScanOptions(source: .files, paths: [folder])
        options(&scanOptions)
        return try SecretScanner().scan(scanOptions).findings
    }

    @Test func confidenceFollowsHowTheRuleKnowsTheSecret() throws {
        let findings = try Self.scan([
            "app.env": "GITHUB_TOKEN=\(TestSupport.githubToken())\n", "aws.env": "aws_secret_access_key = \(SampleText.random(.base62, count: 40))\n",
            "app.py": "api_key = \"\(SampleText.random(.base62, count: 22))4Z\"\n",
        ])
        let byRule = Dictionary(uniqueKeysWithValues: findings.map { ($0.rule, $0.confidence) })
        #expect(byRule == ["github-pat": .high, "aws-secret-access-key": .medium, "generic-secret": .low])
    }

    @Test func minimumConfidenceLeavesOutWeakerFindings() throws {
        let files = [
            "a.env": "GITHUB_TOKEN=\(TestSupport.githubToken())\n", "b.py": "api_key = \"\(SampleText.random(.base62, count: 22))4Z\"\n",
        ]
        #expect(try Self.scan(files).count == 2)
        let strict = try Self.scan(files) { $0.minimumConfidence = .medium }
        #expect(strict.map(\.rule) == ["github-pat"])
        #expect(try Self.scan(files) { $0.minimumConfidence = .high }.count == 1)
    }

    @Test(arguments: [
        ("Tests/NIOPosixTests/Keys.swift", true), ("src/test/java/AppTest.java", true), ("pkg/auth/token_test.go", true),
        ("spec/fixtures/config.yml", true), ("examples/quickstart/.env", true), ("Benchmarks/JWT/main.swift", true),
        ("web/login.spec.ts", true), ("Snippets/JWTKitExamples.swift", true), ("Sources/NIOSSLPerformanceTester/shared.swift", true),
        ("app/test_settings.py", true), (".env.example", true), ("testdata/keys.pem", true),
        ("Sources/App/config.swift", false), ("config/settings.env", false), ("lib/contest/app.rb", false), ("src/attestation.go", false),
        ("latest/app.py", false),
    ])
    func testPathsAreRecognised(path: String, isTest: Bool) {
        #expect(TestPaths.isTest(path) == isTest, "\(path)")
    }

    @Test func findingsUnderTestPathsSayTheirContextAndAreCountedApart() throws {
        let token = TestSupport.githubToken()
        let findings = try Self.scan(["src/app.env": "GITHUB_TOKEN=\(token)\n", "tests/fixtures/app.env": "GITHUB_TOKEN=\(token)\n"])
        let contexts = Dictionary(
            uniqueKeysWithValues: findings.map { (String($0.file.split(separator: "/").suffix(3).joined(separator: "/")), $0.context) })
        #expect(contexts["tests/fixtures/app.env"] == .test)
        #expect(findings.filter { $0.context == .source }.count == 1)
        let text = ReportFormat.text.render(findings, showSecrets: false)
        #expect(text.contains("2 secrets found in 2 files; 1 of them in test, fixture or example paths, 1 elsewhere."))
        #expect(text.contains("(test path)"))
        let json = ReportFormat.json.render(findings, showSecrets: false)
        #expect(json.contains("\"context\" : \"test\"") && json.contains("\"context\" : \"source\""))
    }
}
