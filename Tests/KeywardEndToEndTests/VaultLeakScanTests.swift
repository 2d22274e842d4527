import Foundation
import KeywardTesting
import Testing

/// `keyward scan --git --report-leaks` on a real repository finds a credential
/// that the vault holds, and the vault marks that secret compromised with the
/// file and commit.
@Suite("Leaked vault values from a real git history", .serialized)
struct VaultLeakScanTests {
    static func git(_ arguments: [String], in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", folder] + arguments
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": folder, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw EndToEndError("git \(arguments) failed") }
    }

    @Test("a token committed and removed again is found in history and marks the vault secret compromised")
    func fromHistory() async throws {
        let folder = try TemporaryFolder("keyward-vault-leak")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let token = "sk_live_" + String((0..<40).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
        #expect(try server.cli(["secret", "set", "ci/stripe/key", "-"], stdin: token).status == 0)
        #expect(try server.cli(["secret", "set", "ci/other", "-"], stdin: "not-in-the-repository").status == 0)

        let repository = folder.file("repo")
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try Self.git(["init", "-q"], in: repository)
        try "ci:\n  stripe_key: \(token)\n".write(toFile: repository + "/config.yml", atomically: true, encoding: .utf8)
        try Self.git(["add", "config.yml"], in: repository)
        try Self.git(["commit", "-q", "-m", "add ci config"], in: repository)
        try "ci:\n  stripe_key: ${STRIPE_KEY}\n".write(toFile: repository + "/config.yml", atomically: true, encoding: .utf8)
        try Self.git(["commit", "-q", "-am", "take the token out"], in: repository)

        let scan = try server.cli(["scan", repository, "--git", "--report-leaks"])
        #expect(scan.status == 1, "\(scan.stderr)")
        #expect(scan.stderr.contains("1 vault secret marked compromised"), "\(scan.stderr)")
        #expect(!scan.stderr.contains(token) && !scan.stdout.contains(token), "the scan printed the token")

        let list = try server.cli(["secret", "list", "--prefix", "ci/", "--json"])
        let items = (list.json["items"] as? [[String: Any]]) ?? []
        let leaked = try #require(items.first { $0["path"] as? String == "ci/stripe/key" })
        #expect(leaked["compromised"] as? Bool == true, "\(list)")
        #expect((leaked["compromisedSource"] as? String)?.contains("config.yml@") == true, "\(list)")
        #expect(items.first { $0["path"] as? String == "ci/other" }?["compromised"] as? Bool == false)
        let text = try server.cli(["secret", "list", "--prefix", "ci/"])
        #expect(text.stdout.contains("COMPROMISED"), "\(text)")
        #expect(!server.output.contains(token), "the server printed the token")
    }
}
