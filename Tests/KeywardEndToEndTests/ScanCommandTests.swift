import Foundation
import KeywardCore
import KeywardTesting
import Testing

/// `keyward scan` run as a user runs it: the `--since` revision, the report file,
/// and history with binary files.
@Suite("keyward scan from the command line")
struct ScanCommandTests {
    /// A repository in `folder` with one commit, and the environment to run git and keyward in.
    static func repository(in folder: TemporaryFolder) throws -> (String, [String: String]) {
        let repository = folder.file("repo")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "GIT_CONFIG_NOSYSTEM": "1", "KEYWARD_HOME": folder.file("home")]
        for arguments in [["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"]] {
            #expect(try PreCommitHookTests.git(arguments, in: repository, environment: environment).status == 0)
        }
        try "# app\n".write(toFile: repository + "/README.md", atomically: true, encoding: .utf8)
        _ = try PreCommitHookTests.git(["add", "."], in: repository, environment: environment)
        #expect(try PreCommitHookTests.git(["commit", "-q", "-m", "first"], in: repository, environment: environment).status == 0)
        return (repository, environment)
    }

    @Test(
        "--since that is not a revision is refused with exit 2, and git runs with nothing of it",
        arguments: ["--output=leak.txt", "-p", "HEAD HEAD~1", "main\t"])
    func sinceMustBeARevision(since: String) throws {
        let folder = try TemporaryFolder("keyward-scan")
        defer { folder.remove() }
        let (repository, environment) = try Self.repository(in: folder)
        let scan = try PreCommitHookTests.run(KeywardBinary.path, ["scan", "--git", "--since=\(since)"], in: repository, environment: environment)
        #expect(scan.status == 2, "\(scan)")
        #expect(scan.stderr.contains("--since"), "\(scan)")
        let written = try FileManager.default.contentsOfDirectory(atPath: repository).filter { $0.hasPrefix("leak") }
        #expect(written.isEmpty, "git wrote \(written)")
        // A revision is fine.
        let good = try PreCommitHookTests.run(KeywardBinary.path, ["scan", "--git", "--since", "HEAD"], in: repository, environment: environment)
        #expect(good.status == 0, "\(good)")
    }

    @Test("--output writes the report to a file only its owner can read")
    func outputIsPrivate() throws {
        let folder = try TemporaryFolder("keyward-scan")
        defer { folder.remove() }
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        try FileManager.default.createDirectory(atPath: folder.file("src"), withIntermediateDirectories: true)
        try "API_KEY=\(key)\n".write(toFile: folder.file("src/settings.env"), atomically: true, encoding: .utf8)
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
        for (name, flags) in [("shown.json", ["--show-secrets"]), ("redacted.json", [])] {
            let report = folder.file(name)
            let scan = try PreCommitHookTests.run(
                KeywardBinary.path, ["scan", folder.file("src"), "--format", "json", "--output", report] + flags, in: folder.path,
                environment: environment)
            #expect(scan.status == 1, "\(scan)")
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int)
            #expect(mode & 0o777 == 0o600, "\(name) has mode \(String(mode, radix: 8))")
            #expect(try String(contentsOfFile: report, encoding: .utf8).contains(key) == !flags.isEmpty)
        }
    }

    @Test("--ignore-tests reports findings under test paths but exits 0 for them alone; --min-confidence drops weaker findings")
    func ignoreTestsAndMinimumConfidence() throws {
        let folder = try TemporaryFolder("keyward-scan")
        defer { folder.remove() }
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        try FileManager.default.createDirectory(atPath: folder.file("app/tests"), withIntermediateDirectories: true)
        try "API_KEY=\(key)\n".write(toFile: folder.file("app/tests/settings.env"), atomically: true, encoding: .utf8)
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path]
        let plain = try PreCommitHookTests.run(KeywardBinary.path, ["scan", folder.file("app")], in: folder.path, environment: environment)
        #expect(plain.status == 1, "\(plain)")
        let ignoring = try PreCommitHookTests.run(
            KeywardBinary.path, ["scan", folder.file("app"), "--ignore-tests"], in: folder.path, environment: environment)
        #expect(ignoring.status == 0, "\(ignoring)")
        #expect(ignoring.stdout.contains("1 of them in test, fixture or example paths"), "\(ignoring)")
        // A finding outside the test folder fails the scan again.
        try "API_KEY=\(key)\n".write(toFile: folder.file("app/settings.env"), atomically: true, encoding: .utf8)
        let mixed = try PreCommitHookTests.run(
            KeywardBinary.path, ["scan", folder.file("app"), "--ignore-tests"], in: folder.path, environment: environment)
        #expect(mixed.status == 1, "\(mixed)")
        // A low-confidence generic value alone passes with --min-confidence medium.
        let generic = folder.file("generic")
        try FileManager.default.createDirectory(atPath: generic, withIntermediateDirectories: true)
        try "api_key = \"Qm7pX2vT9kLr4NwZ8sV3\"\n".write(toFile: generic + "/app.py", atomically: true, encoding: .utf8)  // keyward:allow
        let low = try PreCommitHookTests.run(KeywardBinary.path, ["scan", generic, "--format", "json"], in: folder.path, environment: environment)
        #expect(low.status == 1 && low.stdout.contains("\"confidence\" : \"low\""), "\(low)")
        let medium = try PreCommitHookTests.run(
            KeywardBinary.path, ["scan", generic, "--min-confidence", "medium"], in: folder.path, environment: environment)
        #expect(medium.status == 0, "\(medium)")
        let bad = try PreCommitHookTests.run(
            KeywardBinary.path, ["scan", generic, "--min-confidence", "sure"], in: folder.path, environment: environment)
        #expect(bad.status == 2, "\(bad)")
    }

    @Test("--git finds a key committed in a file that git diffs as binary")
    func historyScansBinaryFiles() throws {
        let folder = try TemporaryFolder("keyward-scan")
        defer { folder.remove() }
        let (repository, environment) = try Self.repository(in: folder)
        let key = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: "acme_live")).secret
        try "\u{0}API_KEY=\(key)\n".write(toFile: repository + "/settings.bin", atomically: true, encoding: .utf8)
        _ = try PreCommitHookTests.git(["add", "."], in: repository, environment: environment)
        #expect(try PreCommitHookTests.git(["commit", "-q", "-m", "settings"], in: repository, environment: environment).status == 0)
        let commit = try PreCommitHookTests.git(["rev-parse", "HEAD"], in: repository, environment: environment).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)

        let scan = try PreCommitHookTests.run(
            KeywardBinary.path, ["scan", "--git", repository, "--format", "json"], in: folder.path, environment: environment)
        #expect(scan.status == 1, "\(scan)")
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["file"] as? String == "settings.bin")
        #expect(findings.first?["commit"] as? String == commit)
    }
}
