import Foundation
import Testing

@testable import KeywardScanner

/// The JSON and SARIF reports compared with checked-in files. Set
/// `KEYWARD_UPDATE_GOLDEN=1` to rewrite them after an intended change.
@Suite struct ReporterGoldenTests {
    /// Findings with made-up secrets that no rule would report.
    static let findings = [
        Finding(
            rule: "github-pat", description: "GitHub personal access token (classic)", file: "config/app.env", line: 3, column: 14,
            secret: "not-a-token-just-text-for-the-golden-file", fingerprint: "0123456789abcdef0123456789abcdef", confirmed: true),
        Finding(
            rule: "generic-secret", description: "Secret assigned to a credential-named variable", file: "./tests/my file.py", line: 10,
            column: 5, secret: "golden-value", fingerprint: "fedcba9876543210fedcba9876543210", confirmed: false,
            commit: CommitInfo(hash: "1111111111111111111111111111111111111111", author: "Ada <ada@example.org>", date: "2026-01-02T03:04:05+00:00"),
            confidence: .low, context: .test),
    ]

    static var goldenFolder: String { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path }

    func check(_ output: String, against name: String) throws {
        let path = Self.goldenFolder + "/" + name
        if ProcessInfo.processInfo.environment["KEYWARD_UPDATE_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: URL(fileURLWithPath: path))
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(output == expected)
    }

    @Test func jsonReport() throws {
        try check(ReportFormat.json.render(Self.findings, showSecrets: false), against: "findings.json")
    }

    @Test func sarifReport() throws {
        try check(ReportFormat.sarif.render(Self.findings, showSecrets: false), against: "findings.sarif")
    }

    @Test func textReportRedactsUnlessAsked() {
        let redacted = ReportFormat.text.render(Self.findings, showSecrets: false)
        #expect(!redacted.contains("golden-value"))
        #expect(redacted.contains("2 secrets found in 2 files; 1 of them in test, fixture or example paths, 1 elsewhere."))
        #expect(redacted.contains("    confidence:  low\n"))
        #expect(ReportFormat.text.render(Self.findings, showSecrets: true).contains("golden-value"))
        #expect(ReportFormat.text.render([], showSecrets: false) == "No secrets found.\n")
    }

    @Test func sarifHasTheShapeCodeScanningNeeds() throws {
        let data = Data(ReportFormat.sarif.render(Self.findings, showSecrets: false).utf8)
        let log = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(Set(rules.compactMap { $0["id"] as? String }) == ["github-pat", "generic-secret"])
        let results = try #require(run["results"] as? [[String: Any]])
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
            #expect((result["partialFingerprints"] as? [String: String])?.isEmpty == false)
        }
        // The generic finding is low confidence: a warning, ranked below the confirmed token.
        let properties = results.compactMap { $0["properties"] as? [String: Any] }
        #expect(properties.compactMap { $0["confidence"] as? String } == ["high", "low"])
        #expect(results.compactMap { $0["level"] as? String } == ["error", "warning"])
        #expect(results.compactMap { $0["rank"] as? Double } == [90, 30])
    }
}
