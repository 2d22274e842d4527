import Foundation
import KeywardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `keyward run` with real child processes: environment, exit codes, stdin,
/// signals and masking.
@Suite("keyward run", .serialized)
struct RunCommandTests {
    /// A server with three secrets under `app/` and one elsewhere.
    static func server(_ folder: TemporaryFolder) async throws -> ServerProcess {
        let server = ServerProcess(folder: folder)
        try await server.start()
        for (path, value) in [
            ("app/db/password", "db-run-value-1"), ("app/api.token", "api-run-value-2"), ("app/stripe-key", "sk_run_value_3"),
            ("other/db", "other-run-value-4"),
        ] {
            let set = try server.cli(["secret", "set", path, "-"], stdin: value)
            guard set.status == 0 else { throw EndToEndError("secret set failed: \(set)") }
        }
        return server
    }

    @Test("--env and --prefix name the variables; the child's exit code is run's; stdin passes through")
    func environmentAndExit() async throws {
        let folder = try TemporaryFolder("keyward-run")
        defer { folder.remove() }
        let server = try await Self.server(folder)
        defer { server.stop() }
        let shown = try server.cli(
            [
                "run", "--prefix", "app/", "--env", "OTHER=other/db", "--", "/bin/sh", "-c",
                #"printf '%s|%s|%s|%s' "$DB_PASSWORD" "$API_TOKEN" "$STRIPE_KEY" "$OTHER""#,
            ])
        #expect(shown.status == 0, "\(shown)")
        #expect(shown.stdout == "db-run-value-1|api-run-value-2|sk_run_value_3|other-run-value-4", "\(shown)")
        // The rest of the environment is kept.
        #expect(try server.cli(["run", "--env", "X=other/db", "--", "/bin/sh", "-c", #"printf '%s' "$KEYWARD_HOME""#]).stdout == server.home)
        #expect(try server.cli(["run", "--env", "X=other/db", "--", "/bin/sh", "-c", "exit 7"]).status == 7)
        #expect(try server.cli(["run", "--env", "X=other/db", "--", "/bin/sh", "-c", "kill -9 $$"]).status == 137)
        let echoed = try server.cli(["run", "--env", "X=other/db", "--", "/bin/cat"], stdin: "through stdin\n")
        #expect(echoed.stdout == "through stdin\n", "\(echoed)")
        // Arguments reach the child as they are: no shell between.
        let arguments = try server.cli(["run", "--env", "X=other/db", "--", "/usr/bin/printf", "%s,", "a b", "$X", "*"])
        #expect(arguments.stdout == "a b,$X,*,", "\(arguments)")
        let missing = try server.cli(["run", "--env", "X=other/db", "--", "no-such-command-keyward"])
        #expect(missing.status == 127, "\(missing)")
    }

    @Test("a missing or forbidden secret stops run before the command starts")
    func failBeforeStart() async throws {
        let folder = try TemporaryFolder("keyward-run-fail")
        defer { folder.remove() }
        let server = try await Self.server(folder)
        defer { server.stop() }
        let marker = folder.file("started")
        let touch = ["--", "/bin/sh", "-c", "touch '\(marker)'"]
        let missing = try server.cli(["run", "--env", "A=other/db", "--env", "B=app/missing"] + touch)
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("NOT_FOUND"), "\(missing)")
        let minted = try server.cli(["token", "create", "--scope", "secrets:read:app/*", "--json"])
        let token = try #require(minted.json["token"] as? String)
        var environment = server.environment
        environment["KEYWARD_TOKEN"] = token
        let forbidden = try KeywardBinary.run(["run", "--env", "A=app/api.token", "--env", "B=other/db"] + touch, environment: environment)
        #expect(forbidden.status == 1, "\(forbidden)")
        #expect(forbidden.stderr.contains("INSUFFICIENT_SCOPE"), "\(forbidden)")
        // --prefix takes only what the token may read, and an empty prefix is an error.
        let empty = try KeywardBinary.run(["run", "--prefix", "other/"] + touch, environment: environment)
        #expect(empty.status == 1, "\(empty)")
        for bad in [["--env", "1X=app/db/password"], ["--env", "X=../etc"], ["--env", "X"], []] {
            let refused = try server.cli(["run"] + bad + touch)
            #expect(refused.status == 2, "\(bad): \(refused)")
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "the command started")
    }

    @Test("--mask replaces every injected value with ***, also split across writes and on stderr")
    func masking() async throws {
        let folder = try TemporaryFolder("keyward-run-mask")
        defer { folder.remove() }
        let server = try await Self.server(folder)
        defer { server.stop() }
        let script = #"""
            printf 'a=%s;' "$DB_PASSWORD"
            printf '%s' "${STRIPE_KEY%??????}"; sleep 0.2; printf '%s;' "${STRIPE_KEY#${STRIPE_KEY%??????}}"
            printf 'err=%s\n' "$API_TOKEN" >&2
            printf 'plain\n'
            """#
        let masked = try server.cli(["run", "--prefix", "app/", "--mask", "--", "/bin/sh", "-c", script])
        #expect(masked.status == 0, "\(masked)")
        #expect(masked.stdout == "a=***;***;plain\n", "\(masked)")
        #expect(masked.stderr == "err=***\n", "\(masked)")
        let unmasked = try server.cli(["run", "--prefix", "app/", "--", "/bin/sh", "-c", script])
        #expect(unmasked.stdout == "a=db-run-value-1;sk_run_value_3;plain\n", "\(unmasked)")
    }

    /// Starts `keyward run -- /bin/sh -c script` (the script prints `ready PID`
    /// once its traps are set), sends `signal` to run, and returns run's exit status and the
    /// rest of the output; a run that does not end within 10 s is a failure,
    /// and both processes are killed.
    static func signal(_ signal: Int32, script: String, server: ServerProcess) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KeywardBinary.path)
        process.arguments = ["run", "--env", "X=other/db", "--", "/bin/sh", "-c", script]
        process.environment = server.environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        let ready = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let child = ready.split(separator: " ").last.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(ready.hasPrefix("ready"), "\(ready)")
        kill(process.processIdentifier, signal)
        var waited = 0
        while process.isRunning && waited < 200 {
            usleep(50_000)
            waited += 1
        }
        if process.isRunning {
            Issue.record("run did not end within 10 s of signal \(signal)")
            if let child { kill(child, SIGKILL) }
            kill(process.processIdentifier, SIGKILL)
        }
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: rest, as: UTF8.self))
    }

    @Test("SIGTERM, SIGHUP and SIGINT sent to run reach the child; a signal that ends the child gives 128+N")
    func signals() async throws {
        let folder = try TemporaryFolder("keyward-run-signals")
        defer { folder.remove() }
        let server = try await Self.server(folder)
        defer { server.stop() }
        for (signal, name, code) in [(SIGTERM, "TERM", Int32(7)), (SIGHUP, "HUP", Int32(8)), (SIGINT, "INT", Int32(9))] {
            let script = "trap 'echo got-\(name); exit \(code)' \(name); echo ready $$; while :; do sleep 0.05; done"
            let (status, output) = try Self.signal(signal, script: script, server: server)
            #expect(status == code, "\(name)")
            #expect(output.contains("got-\(name)"), "\(name)")
        }
        // Without a trap, SIGTERM ends the child: 128 + 15.
        #expect(try Self.signal(SIGTERM, script: "echo ready $$; exec sleep 30", server: server).status == 143)
    }
}
