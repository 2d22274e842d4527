import Foundation
import KeywardTesting
import Testing

/// The CLI against a running `keyward serve`: keys on standard input, and the
/// words for a TLS failure.
@Suite("CLI against a server", .serialized)
struct CLIServerTests {
    @Test("key verify reads the key from standard input when KEY is omitted or -")
    func verifyFromStandardInput() async throws {
        let folder = try TemporaryFolder("keyward-cli")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        #expect(try server.cli(["keyspace", "create", "app"]).status == 0)
        let created = try server.cli(["key", "create", "--keyspace", "app", "--scope", "docs:read", "--json"])
        let key = try #require(created.json["key"] as? String)

        let omitted = try server.cli(["key", "verify"], stdin: key + "\n")
        #expect(omitted.status == 0, "\(omitted)")
        #expect(omitted.stdout.hasPrefix("VALID"))
        #expect(omitted.stderr.isEmpty, "no prompt or warning when standard input is a pipe: \(omitted)")
        let dash = try server.cli(["key", "verify", "-", "--scopes", "docs:read"], stdin: "  \(key) \r\n")
        #expect(dash.status == 0, "the line is trimmed, \\r included: \(dash)")
        let noNewline = try server.cli(["key", "verify", "--json"], stdin: key)
        #expect(noNewline.status == 0, "\(noNewline)")
        #expect(noNewline.json["code"] as? String == "VALID")
        let onlyFirstLine = try server.cli(["key", "verify"], stdin: key + "\nsomething else\n")
        #expect(onlyFirstLine.status == 0, "\(onlyFirstLine)")

        let argument = try server.cli(["key", "verify", key])
        #expect(argument.status == 0, "key verify KEY still works (SPEC §6): \(argument)")
        #expect(argument.stderr.isEmpty, "no warning that would break a script: \(argument)")

        let scoped = try server.cli(["key", "verify", "--scopes", "billing:write"], stdin: key + "\n")
        #expect(scoped.status == 1, "\(scoped)")
        #expect(scoped.stdout.hasPrefix("INSUFFICIENT_SCOPE"))
        let malformed = try server.cli(["key", "verify"], stdin: "kw_nonsense\n")
        #expect(malformed.status == 1, "\(malformed)")
        #expect(malformed.stdout.hasPrefix("MALFORMED"))

        for input in ["", "\n", "   \n"] {
            let empty = try server.cli(["key", "verify"], stdin: input)
            #expect(empty.status == 2, "\(input.debugDescription): \(empty)")
            #expect(empty.stderr.contains("no key on standard input"), "\(empty)")
            #expect(empty.stderr.contains("Usage: keyward key verify"), "\(empty)")
        }
        server.stop()
        #expect(!server.output.contains(key))
    }

    @Test(
        "https to a plain server and to an untrusted certificate: TLS failure in words, exit 3",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl to make a certificate")
    )
    func tlsFailures() async throws {
        let folder = try TemporaryFolder("keyward-cli")
        defer { folder.remove() }
        let plain = ServerProcess(folder: folder)
        try await plain.start()
        defer { plain.stop() }
        let toPlain = try plain.cli(["keyspace", "list", "--addr", "https://127.0.0.1:\(plain.port)"])
        #expect(toPlain.status == 3, "\(toPlain)")
        #expect(
            toPlain.stderr.hasPrefix("error: cannot reach the Keyward server at https://127.0.0.1:\(plain.port): TLS failure: "), "\(toPlain)")
        #expect(toPlain.stderr.contains("does not speak TLS"), "\(toPlain)")
        plain.stop()

        let tlsFolder = try TemporaryFolder("keyward-cli-tls")
        defer { tlsFolder.remove() }
        let (cert, key) = try TLSTests.makeCertificate(in: tlsFolder)
        let secure = ServerProcess(folder: tlsFolder, arguments: ["--tls-cert", cert, "--tls-key", key])
        try await secure.start()
        defer { secure.stop() }
        let untrusted = try secure.cli(["keyspace", "list", "--addr", "https://127.0.0.1:\(secure.port)"])
        #expect(untrusted.status == 3, "\(untrusted)")
        #expect(
            untrusted.stderr.hasPrefix("error: cannot reach the Keyward server at https://127.0.0.1:\(secure.port): TLS failure: "),
            "\(untrusted)")
        #expect(untrusted.stderr.contains("not trusted"), "\(untrusted)")

        let plainToTLS = try secure.cli(["keyspace", "list", "--addr", "http://127.0.0.1:\(secure.port)"])
        #expect(plainToTLS.status == 3, "\(plainToTLS)")
        #expect(plainToTLS.stderr.hasPrefix("error: cannot reach the Keyward server at http://127.0.0.1:\(secure.port): "), "\(plainToTLS)")
        #expect(plainToTLS.stderr.contains("(does it serve https?)"), "\(plainToTLS)")
        #expect(!plainToTLS.stderr.contains("errno"), "\(plainToTLS)")
    }
}
