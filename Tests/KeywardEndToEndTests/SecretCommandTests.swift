import Foundation
import KeywardTesting
import Testing

/// `keyward secret` through the binary: what a person types, reads and gets as exit codes.
@Suite("CLI secrets", .serialized)
struct SecretCommandTests {
    @Test("set from stdin, a file or an argument (with a warning); get prints the value alone; list and history never do")
    func roundTrip() async throws {
        let folder = try TemporaryFolder("keyward-cli-secrets")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }

        let first = "first-cli-secret-value"
        let set = try server.cli(["secret", "set", "app/db/password", "-", "--rotate-every", "90d"], stdin: first)
        #expect(set.status == 0, "\(set)")
        #expect(set.stdout.contains("Stored app/db/password version 1 (\(first.utf8.count) bytes)."), "\(set)")
        #expect(!set.stderr.contains("warning"), "stdin needs no warning: \(set)")

        let second = "second-cli-secret-value"
        let onCommandLine = try server.cli(["secret", "set", "app/db/password", second])
        #expect(onCommandLine.status == 0, "\(onCommandLine)")
        #expect(onCommandLine.stderr.contains("shell history"), "\(onCommandLine)")
        #expect(!onCommandLine.stdout.contains(second) && !onCommandLine.stderr.contains(second))

        let file = folder.file("token.txt")
        try Data("file-cli-secret-value\n".utf8).write(to: URL(fileURLWithPath: file))
        let fromFile = try server.cli(["secret", "set", "app/api/token", "--from-file", file])
        #expect(fromFile.status == 0, "\(fromFile)")
        #expect(fromFile.stdout.contains("ends with a newline"), "\(fromFile)")

        #expect(try server.cli(["secret", "get", "app/db/password"]).stdout == second + "\n")
        #expect(try server.cli(["secret", "get", "app/db/password", "--raw"]).stdout == second)
        #expect(try server.cli(["secret", "get", "app/db/password", "--version", "1"]).stdout == first + "\n")
        #expect(try server.cli(["secret", "get", "app/api/token", "--raw"]).stdout == "file-cli-secret-value\n")

        let list = try server.cli(["secret", "list", "--prefix", "app/"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("app/db/password"), "\(list)")
        #expect(list.stdout.contains("90d"), "\(list)")
        let history = try server.cli(["secret", "history", "app/db/password"])
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.contains("createdBy".uppercased()), "\(history)")
        for output in [list.stdout, history.stdout, set.stdout, fromFile.stdout] {
            #expect(!output.contains("cli-secret-value"))
        }
        #expect(!server.output.contains("cli-secret-value"), "the server printed a value")

        #expect(try server.cli(["secret", "delete", "app/api/token"]).status == 0)
        let gone = try server.cli(["secret", "get", "app/api/token"])
        #expect(gone.status == 1, "\(gone)")
        #expect(gone.stderr.contains("NOT_FOUND"), "\(gone)")
    }

    @Test("a bad path exits 2 before anything is sent; a value that does not decrypt exits 3 naming path and version")
    func failures() async throws {
        let folder = try TemporaryFolder("keyward-cli-secret-failures")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }

        for path in ["a//b", "../etc/passwd", "a/b/", "with space"] {
            let refused = try server.cli(["secret", "set", path, "-"], stdin: "x")
            #expect(refused.status == 2, "\(path): \(refused)")
            #expect(refused.stderr.contains("INVALID_PATH"), "\(path): \(refused)")
        }
        let tooLarge = try server.cli(["secret", "set", "big/one", "-"], stdin: String(repeating: "a", count: 65_537))
        #expect(tooLarge.status == 2, "\(tooLarge)")
        #expect(tooLarge.stderr.contains("VALUE_TOO_LARGE"), "\(tooLarge)")
        #expect(try server.cli(["secret", "set", "only/arg"]).status == 2)

        #expect(try server.cli(["secret", "set", "tamper/me", "-"], stdin: "tamper-cli-value").status == 0)
        try await RawSQLite.execute(
            folder.file("keyward.db"),
            "UPDATE secret_versions SET ciphertext = CAST(substr(ciphertext, 1, 30) || CASE WHEN hex(substr(ciphertext, 31, 1)) = '00' THEN X'01' ELSE X'00' END || substr(ciphertext, 32) AS BLOB)"
        )
        let broken = try server.cli(["secret", "get", "tamper/me"])
        #expect(broken.status == 3, "\(broken)")
        #expect(broken.stderr.contains("DECRYPTION_FAILED"), "\(broken)")
        #expect(broken.stderr.contains("tamper/me version 1"), "\(broken)")
        #expect(!broken.stdout.contains("tamper-cli-value") && !broken.stderr.contains("tamper-cli-value"))
    }
}
