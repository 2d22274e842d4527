import Foundation
import KeywardCore
import KeywardTesting
import Testing

@Suite("The pre-commit hook in a real git repository", .serialized)
struct PreCommitHookTests {
    @Test("a commit whose staged lines hold a key is blocked; a clean one goes through")
    func blocksSecrets() throws {
        let folder = try TemporaryFolder("keyward-hook")
        defer { folder.remove() }
        let (repository, environment) = try Self.repositoryWithHook(in: folder)

        let key = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: "acme_live")).secret
        try "API_KEY=\(key)\n".write(toFile: repository + "/settings.env", atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "settings.env"], in: repository, environment: environment)
        let blocked = try Self.git(["commit", "-q", "-m", "add settings"], in: repository, environment: environment)
        #expect(blocked.status != 0, "the commit went through: \(blocked)")
        #expect((blocked.stdout + blocked.stderr).contains("settings.env"))
        #expect(!blocked.stdout.contains(key) && !blocked.stderr.contains(key), "the hook printed the key")
        #expect(try Self.git(["rev-parse", "--verify", "-q", "HEAD"], in: repository, environment: environment).status != 0)

        try "API_KEY=${API_KEY}\n".write(toFile: repository + "/settings.env", atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "settings.env"], in: repository, environment: environment)
        let clean = try Self.git(["commit", "-q", "-m", "add settings"], in: repository, environment: environment)
        #expect(clean.status == 0, "\(clean)")
    }

    @Test("a blocked commit says that keyward blocked it and how to allow a false positive")
    func blockedCommitExplainsItself() throws {
        let folder = try TemporaryFolder("keyward-hook")
        defer { folder.remove() }
        let (repository, environment) = try Self.repositoryWithHook(in: folder)
        let key = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: "acme_live")).secret
        try "API_KEY=\(key)\n".write(toFile: repository + "/settings.env", atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "settings.env"], in: repository, environment: environment)
        let blocked = try Self.git(["commit", "-q", "-m", "add settings"], in: repository, environment: environment)
        #expect(blocked.status != 0, "the commit went through: \(blocked)")
        #expect(blocked.stderr.contains("keyward: commit blocked"), "\(blocked)")
        #expect(blocked.stderr.contains("keyward:allow"))
        #expect(blocked.stderr.contains(".keywardignore"))
        #expect(blocked.stderr.contains("git commit --no-verify"))
        #expect(!blocked.stdout.contains(key) && !blocked.stderr.contains(key), "the hook printed the key")

        // Following the advice: the fingerprint in .keywardignore lets the commit through.
        let scan = try Self.run(KeywardBinary.path, ["scan", "--staged", "--format", "json"], in: repository, environment: environment)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(scan.stdout.utf8)) as? [[String: Any]])
        let fingerprint = try #require(findings.first?["fingerprint"] as? String)
        #expect(blocked.stderr.contains("echo \(fingerprint) >> .keywardignore"))
        #expect(!scan.stderr.contains("commit blocked"), "a scan run by hand is not the hook")
        try "\(fingerprint)\n".write(toFile: repository + "/.keywardignore", atomically: true, encoding: .utf8)
        let allowed = try Self.git(["commit", "-q", "-m", "add settings"], in: repository, environment: environment)
        #expect(allowed.status == 0, "\(allowed)")
    }

    @Test("a key in a file that git diffs as binary is blocked", arguments: ["gitattributes", "nul"])
    func blocksSecretsInBinaryFiles(kind: String) throws {
        let folder = try TemporaryFolder("keyward-hook")
        defer { folder.remove() }
        let (repository, environment) = try Self.repositoryWithHook(in: folder)
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        var text = "API_KEY=\(key)\n"
        if kind == "gitattributes" {
            try "* -diff\n".write(toFile: repository + "/.gitattributes", atomically: true, encoding: .utf8)
        } else {
            text = "\u{0}" + text
        }
        try text.write(toFile: repository + "/settings.env", atomically: true, encoding: .utf8)
        _ = try Self.git(["add", "."], in: repository, environment: environment)
        let diff = try Self.git(["diff", "--cached", "--", "settings.env"], in: repository, environment: environment)
        #expect(diff.stdout.contains("Binary files"), "git does not diff the file as binary: \(diff)")
        let blocked = try Self.git(["commit", "-q", "-m", "add settings"], in: repository, environment: environment)
        #expect(blocked.status != 0, "the commit went through: \(blocked)")
        #expect((blocked.stdout + blocked.stderr).contains("settings.env"))
        #expect(try Self.git(["rev-parse", "--verify", "-q", "HEAD"], in: repository, environment: environment).status != 0)
    }

    /// A new repository in `folder` with the hook installed, and the environment to run git in.
    static func repositoryWithHook(in folder: TemporaryFolder) throws -> (String, [String: String]) {
        let repository = folder.file("repo")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        // git and a shell, but not the folder of keyward: the hook must find it itself.
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "GIT_CONFIG_NOSYSTEM": "1"]
        for arguments in [["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"]] {
            #expect(try Self.git(arguments, in: repository, environment: environment).status == 0)
        }
        let installed = try Self.run(KeywardBinary.path, ["hook", "install"], in: repository, environment: environment)
        #expect(installed.status == 0, "\(installed)")
        return (repository, environment)
    }

    static func git(_ arguments: [String], in folder: String, environment: [String: String]) throws -> CommandResult {
        try run("/usr/bin/git", arguments, in: folder, environment: environment)
    }

    static func run(_ executable: String, _ arguments: [String], in folder: String, environment: [String: String]) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try spawn(process)
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
