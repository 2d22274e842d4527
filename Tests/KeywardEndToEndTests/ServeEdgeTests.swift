import Foundation
import KeywardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("serve and the CLI at their edges", .serialized)
struct ServeEdgeTests {
    @Test("a second store never overwrites the token file of the first")
    func tokenFileKept() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let first = ServerProcess(folder: folder)
        try await first.start()
        defer { first.stop() }
        let firstRoot = first.rootToken

        let other = try TemporaryFolder("keyward-e2e-other")
        defer { other.remove() }
        let second = ServerProcess(folder: other, home: first.home)
        try await second.start()
        defer { second.stop() }
        #expect(first.rootToken == firstRoot, "the first store's root token was overwritten")
        let written = try FileManager.default.contentsOfDirectory(atPath: first.home).filter { $0.hasPrefix("token.tok_") }
        #expect(written.count == 1)
        #expect(second.output.contains("already holds a token"))
        let secondRoot = try String(contentsOfFile: first.home + "/" + written[0], encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try second.cli(["keyspace", "list", "--token", secondRoot]).status == 0)
        #expect(try first.cli(["keyspace", "list"]).status == 0, "the first store's CLI lost its token")
    }

    @Test("the CLI refuses a token file that others can read, like ssh")
    func tokenFileMode() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        chmod(server.home + "/token", 0o644)
        let refused = try server.cli(["keyspace", "list"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("chmod 600"))
        #expect(!refused.stderr.contains(server.rootToken))
        chmod(server.home + "/token", 0o600)
        #expect(try server.cli(["keyspace", "list"]).status == 0)
    }

    @Test("a port in use is exit 3 with a message that says so")
    func portInUse() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let result = try KeywardBinary.run(
            ["serve", "--db", folder.file("other.db"), "--port", "\(server.port)"],
            environment: ["KEYWARD_HOME": folder.file("other-home"), "PATH": "/usr/bin:/bin"]
        )
        #expect(result.status == 3, "\(result)")
        #expect(result.stderr.contains("in use"))
    }

    @Test("a bad --trusted-proxy is exit 2 naming the flag, and nothing is created")
    func badTrustedProxy() throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let result = try KeywardBinary.run(
            ["serve", "--db", folder.file("keyward.db"), "--port", "0", "--trusted-proxy", "10.0.0.0/33"],
            environment: ["KEYWARD_HOME": folder.file("home"), "PATH": "/usr/bin:/bin"]
        )
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--trusted-proxy"))
        #expect(result.stderr.contains("0 to 32"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("keyward.db")))
    }

    @Test("bad monitoring and cache flags are exit 2 naming the flag, and nothing is created")
    func badMonitoringFlags() throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        for (flags, named) in [
            (["--usage-retention", "12h"], "--usage-retention"),
            (["--usage-retention", "7d", "--usage-minute-retention", "30d"], "--usage-minute-retention"),
            (["--spike-factor", "0.5"], "--spike-factor"), (["--spike-minimum", "0"], "--spike-minimum"),
            (["--new-network-after", "later"], "--new-network-after"), (["--key-cache-size", "10000001"], "--key-cache-size"),
            (["--guess-delay-ms", "1001"], "--guess-delay-ms"), (["--guess-delay-ms", "-1"], "--guess-delay-ms"),
            (["--guess-rate", "1000001"], "--guess-rate"), (["--guess-rate", "-1"], "--guess-rate"),
        ] {
            let result = try KeywardBinary.run(
                ["serve", "--db", folder.file("keyward.db"), "--port", "0"] + flags,
                environment: ["KEYWARD_HOME": folder.file("home"), "PATH": "/usr/bin:/bin"]
            )
            #expect(result.status == 2, "\(flags): \(result)")
            #expect(result.stderr.contains(named), "\(flags): \(result)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("keyward.db")))
    }

    @Test("key create --ip sets the allowlist, key show prints it, a bad range is exit 2, --clear-ip removes it; key rotate")
    func ipAllowlistFlags() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        #expect(try server.cli(["keyspace", "create", "fenced", "--ip", "198.51.100.0/24"]).status == 0)
        let created = try server.cli(["key", "create", "--keyspace", "fenced", "--ip", "10.0.0.0/8", "--ip", "2001:db8::/32", "--json"])
        #expect(created.status == 0, "\(created)")
        let id = try #require(created.json["id"] as? String)
        let shown = try server.cli(["key", "show", id])
        #expect(shown.stdout.contains("10.0.0.0/8 2001:db8::/32"), "\(shown.stdout)")
        let bad = try server.cli(["key", "create", "--keyspace", "fenced", "--ip", "10.0.0.0/99"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("ipAllowlist[0]"))
        #expect(try server.cli(["key", "update", id, "--clear-ip"]).status == 0)
        #expect(try server.cli(["key", "show", id, "--json"]).json["ipAllowlist"] as? [String] == [])
        let inherited = try server.cli(["key", "create", "--keyspace", "fenced", "--json"])
        #expect(inherited.json["ipAllowlist"] as? [String] == ["198.51.100.0/24"])
        // key rotate --grace 0: the old key ends at once, the new one works, a second rotation is exit 2.
        let rotated = try server.cli(["key", "rotate", id, "--grace", "0"])
        #expect(rotated.status == 0, "\(rotated)")
        #expect(rotated.stdout.contains("Key (shown once; store it now):"))
        #expect(try server.cli(["key", "show", id, "--json"]).json["state"] as? String == "expired")
        #expect(try server.cli(["key", "rotate", id]).status == 2)
    }

    @Test("a closed standard output does not stop the server")
    func closedStdout() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let port = try FreePort.loopback()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KeywardBinary.path)
        process.arguments = ["serve", "--db", folder.file("k.db"), "--port", "\(port)"]
        process.environment = ["KEYWARD_HOME": folder.file("home"), "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        try output.fileHandleForReading.close()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        var answered = false
        for _ in 0..<200 where !answered {
            try await Task.sleep(for: .milliseconds(50))
            answered = (try? await HTTP.send(.GET, "http://127.0.0.1:\(port)/healthz", timeout: .seconds(2)).status) == 200
        }
        #expect(answered, "the server did not answer (exit \(process.isRunning ? "none" : "\(process.terminationStatus)"))")
        #expect(process.isRunning)
    }

    @Test("key update --disable and --enable")
    func enableDisable() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        #expect(try server.cli(["keyspace", "create", "s"]).status == 0)
        let created = try server.cli(["key", "create", "--keyspace", "s", "--json"])
        let key = try #require(created.json["key"] as? String)
        let id = try #require(created.json["id"] as? String)
        #expect(try server.cli(["key", "update", id, "--disable"]).status == 0)
        #expect(try server.cli(["key", "verify", key]).stdout.hasPrefix("DISABLED"))
        #expect(try server.cli(["key", "update", id, "--enable"]).status == 0)
        #expect(try server.cli(["key", "verify", key]).status == 0)
        #expect(try server.cli(["key", "update", id, "--enable", "--disable"]).status == 2)
    }

    @Test("scan --report-leaks revokes the Keyward keys it finds")
    func reportLeaks() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        #expect(try server.cli(["keyspace", "create", "app", "--prefix", "acme_live"]).status == 0)
        let leaked = try #require(try server.cli(["key", "create", "--keyspace", "app", "--json"]).json["key"] as? String)
        let kept = try #require(try server.cli(["key", "create", "--keyspace", "app", "--json"]).json["key"] as? String)
        try FileManager.default.createDirectory(atPath: folder.file("src"), withIntermediateDirectories: true)
        try "API_KEY=\(leaked)\n".write(toFile: folder.file("src/settings.env"), atomically: true, encoding: .utf8)

        let scan = try server.cli(["scan", folder.file("src"), "--report-leaks"])
        #expect(scan.status == 1, "\(scan.status) \(scan.stderr)")
        #expect(scan.stderr.contains("1 revoked now"))
        #expect(!scan.stdout.contains(leaked) && !scan.stderr.contains(leaked), "the scan printed the key")
        #expect(try server.cli(["key", "verify", leaked]).stdout.hasPrefix("REVOKED"))
        #expect(try server.cli(["key", "verify", kept]).status == 0)

        let noServer = try server.cli(["scan", folder.file("src"), "--report-leaks", "--addr", "http://127.0.0.1:1"])
        #expect(noServer.status == 3, "a report that did not reach the server must not look like a plain finding")
    }

}
