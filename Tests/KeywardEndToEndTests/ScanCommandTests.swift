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
