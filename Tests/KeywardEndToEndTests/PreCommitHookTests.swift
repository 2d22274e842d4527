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
        let repository = folder.file("repo")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        // git and a shell, but not the folder of keyward: the hook must find it itself.
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "GIT_CONFIG_NOSYSTEM": "1"]
        for arguments in [["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"]] {
            #expect(try Self.git(arguments, in: repository, environment: environment).status == 0)
        }
        let installed = try Self.run(KeywardBinary.path, ["hook", "install"], in: repository, environment: environment)
        #expect(installed.status == 0, "\(installed)")

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
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
