import Foundation
import KeywardTesting
import Testing

/// What a new user reads when something goes wrong, through the built binary.
@Suite("CLI messages for people", .serialized)
struct CLIMessageTests {
    /// Runs the CLI with no server, no token file and no address from the environment.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        let folder = try TemporaryFolder("keyward-cli")
        defer { folder.remove() }
        return try KeywardBinary.run(arguments, environment: ["KEYWARD_HOME": folder.file("home"), "PATH": "/usr/bin:/bin"], stdin: stdin)
    }

    @Test("no server: one plain sentence, exit 3")
    func connectionRefused() throws {
        let result = try Self.run(["key", "list", "--addr", "http://127.0.0.1:1", "--token", "kwm_placeholder"])
        #expect(result.status == 3, "\(result)")
        #expect(
            result.stderr == "error: cannot reach the Keyward server at http://127.0.0.1:1: connection refused (is keyward serve running?)\n",
            "\(result)")
        #expect(!result.stderr.contains("errno"))
    }

    @Test("a host that does not resolve is said so, exit 3")
    func hostNotFound() throws {
        let result = try Self.run(["keyspace", "list", "--addr", "https://no-such-host.invalid:8787", "--token", "kwm_placeholder"])
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.hasPrefix("error: cannot reach the Keyward server at https://no-such-host.invalid:8787: host not found"), "\(result)")
    }

    @Test("an address that is not an http(s) URL is an input error, exit 2")
    func badAddress() throws {
        for address in ["127.0.0.1:8787", "ftp://127.0.0.1", "http://"] {
            let result = try Self.run(["key", "list", "--addr", address, "--token", "kwm_placeholder"])
            #expect(result.status == 2, "\(address): \(result)")
            #expect(result.stderr.contains("is not an http:// or https:// URL"), "\(address): \(result)")
        }
    }

    @Test("a mistyped command gets the nearest name at its level, exit 2")
    func suggestions() throws {
        let cases = [
            (["kye", "list"], "error: unknown command 'kye'. Did you mean 'key'?\n"),
            (["key", "lsit"], "error: unknown command 'lsit'. Did you mean 'list'?\n"),
            (["keyspace", "craete", "demo"], "error: unknown command 'craete'. Did you mean 'create'?\n"),
            (["tokens", "list"], "error: unknown command 'tokens'. Did you mean 'token'?\n"),
            (["--json", "kye"], "error: unknown command 'kye'. Did you mean 'key'?\n"),
            (["zzzzzz"], "error: unknown command 'zzzzzz'. See 'keyward --help' for the commands.\n"),
            (["key", "frobnicate"], "error: unknown command 'frobnicate'. See 'keyward key --help' for the commands.\n"),
        ]
        for (arguments, expected) in cases {
            let result = try Self.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result)")
            #expect(result.stderr == expected, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("a flag error prints the usage of the subcommand given, exit 2")
    func subcommandUsage() throws {
        let result = try Self.run(["key", "create", "--keyspace", "demo", "--bogus"])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("Error: Unknown option '--bogus'\nUsage: keyward key create "), "\(result)")
        #expect(result.stderr.contains("'keyward key create --help'"), "\(result)")
        #expect(!result.stderr.contains("<subcommand>"), "the root usage was printed: \(result)")

        let missing = try Self.run(["token", "create"])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.stderr.contains("Usage: keyward token create "), "\(missing)")
    }

    @Test("an input error found while running prints that command's usage, exit 2")
    func runTimeValidation() throws {
        let meta = try Self.run(["key", "create", "--keyspace", "k", "--meta", "[1]", "--addr", "http://127.0.0.1:1", "--token", "kwm_placeholder"])
        #expect(meta.status == 2, "\(meta)")
        #expect(meta.stderr.hasPrefix("Error: --meta must be a JSON object"), "\(meta)")
        #expect(meta.stderr.contains("Usage: keyward key create "), "\(meta)")
        #expect(meta.stderr.contains("See 'keyward key create --help' for more information."), "\(meta)")

        let update = try Self.run(["keyspace", "update", "k", "--addr", "http://127.0.0.1:1", "--token", "kwm_placeholder"])
        #expect(update.status == 2, "\(update)")
        #expect(update.stderr.contains("Usage: keyward keyspace update "), "\(update)")
    }

    @Test("a token bound for another machine over plain http is warned about once, and still sent")
    func plaintextWarning() throws {
        let remote = try Self.run(["key", "list", "--addr", "http://0.0.0.0:1", "--token", "kwm_placeholder"])
        let warning = "warning: sending the management token over plain http to 0.0.0.0; use https\n"
        #expect(remote.stderr.hasPrefix(warning), "\(remote)")
        #expect(remote.stderr.components(separatedBy: "warning:").count == 2, "warned more than once: \(remote)")
        #expect(remote.status == 3, "the request must still be made: \(remote)")
        #expect(remote.stderr.contains("cannot reach the Keyward server at http://0.0.0.0:1"))

        for address in [
            "http://127.0.0.1:1", "http://127.3.4.5:1", "http://localhost:1", "http://LOCALHOST:1", "http://[::1]:1", "https://0.0.0.0:1",
        ] {
            let result = try Self.run(["key", "list", "--addr", address, "--token", "kwm_placeholder"])
            #expect(!result.stderr.contains("warning:"), "\(address): \(result)")
            #expect(result.status == 3, "\(address): \(result)")
        }
    }

    @Test("key verify --help says why standard input is preferred")
    func verifyHelp() throws {
        let help = try Self.run(["key", "verify", "--help"])
        #expect(help.status == 0, "\(help)")
        #expect(help.stdout.contains("process list"), "\(help)")
        #expect(help.stdout.contains("standard input"), "\(help)")
    }
}
