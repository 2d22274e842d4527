import Foundation
import KeywardTesting
import Testing

@Suite("The keyward binary, as a user runs it", .serialized)
struct UserJourneyTests {
    @Test("serve, create, verify with the CLI and over HTTP, revoke, restart")
    func journey() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        defer { server.stop() }
        try await server.start()

        let root = server.rootToken
        #expect(root.hasPrefix("kwm_"))
        #expect(!server.output.contains(root), "serve printed the root token")
        #expect(server.output.contains(String(root.prefix(8))), "serve should print the token's start")

        let keyspace = try server.cli(["keyspace", "create", "payments", "--prefix", "acme_live"])
        #expect(keyspace.status == 0, "\(keyspace)")
        let created = try server.cli([
            "key", "create", "--keyspace", "payments", "--owner", "alice", "--scope", "docs:read", "--expires", "30d", "--json",
        ])
        #expect(created.status == 0, "\(created)")
        let key = try #require(created.json["key"] as? String)
        let id = try #require(created.json["id"] as? String)
        #expect(key.hasPrefix("acme_live_"))

        let verified = try server.cli(["key", "verify", key])
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdout.hasPrefix("VALID"))
        let fromStdin = try server.cli(["key", "verify", "-", "--scopes", "docs:read"], stdin: key + "\n")
        #expect(fromStdin.status == 0, "\(fromStdin)")
        let scoped = try server.cli(["key", "verify", key, "--scopes", "billing:write"])
        #expect(scoped.status == 1)
        #expect(scoped.stdout.hasPrefix("INSUFFICIENT_SCOPE"))

        let gateway = try await HTTP.send(.GET, server.address + "/v1/auth", headers: [("Authorization", "Bearer \(key)")])
        #expect(gateway.status == 200)
        #expect(gateway.headers.first(name: "X-Keyward-Owner") == "alice")
        let verifyToken = try server.cli(["token", "create", "--scope", "keys:verify", "--json"])
        let token = try #require(verifyToken.json["token"] as? String)
        let backend = try await HTTP.send(
            .POST, server.address + "/v1/keys/verify", headers: [("Authorization", "Bearer \(token)")], body: #"{"key":"\#(key)"}"#)
        #expect(backend.json["code"] as? String == "VALID")

        let second = try server.cli(["key", "create", "--keyspace", "payments", "--json"])
        let secondKey = try #require(second.json["key"] as? String)
        #expect(try server.cli(["key", "revoke", id, "--reason", "rotated by hand"]).status == 0)
        let revoked = try server.cli(["key", "verify", key])
        #expect(revoked.status == 1)
        #expect(revoked.stdout.hasPrefix("REVOKED"))

        let listed = try server.cli(["key", "list", "--keyspace", "payments"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains(id))
        #expect(!listed.stdout.contains(key))

        server.stop()
        try await server.start()
        #expect(try server.cli(["key", "verify", key]).status == 1)
        #expect(try server.cli(["key", "verify", secondKey]).status == 0)
        #expect(server.rootToken == root, "a restart replaced the root token")
        let show = try server.cli(["key", "show", id, "--json"])
        #expect(show.json["state"] as? String == "revoked")
        #expect(show.json["revokeReason"] as? String == "rotated by hand")
        server.stop()
        for secret in [key, secondKey, token, root] {
            #expect(!server.output.contains(secret), "the server output holds a secret")
        }
    }

    @Test("exit codes: 0 success, 1 negative or 401/403/404, 2 input error, 3 no server")
    func exitCodes() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }

        #expect(try server.cli(["keyspace", "create", "ok"]).status == 0)
        let badDuration = try server.cli(["key", "create", "--keyspace", "ok", "--expires", "90x"])
        #expect(badDuration.status == 2)
        #expect(badDuration.stderr.contains("90x"))
        let badPrefix = try server.cli(["keyspace", "create", "bad", "--prefix", "UPPER"])
        #expect(badPrefix.status == 2)
        #expect(badPrefix.stderr.contains("INVALID_PREFIX"))
        #expect(try server.cli(["keyspace", "create", "ok"]).status == 2, "a 409 exits 2")
        #expect(try server.cli(["key", "show", "key_0000000000000000000000"]).status == 1)
        #expect(try server.cli(["key", "verify", "kw_nonsense"]).status == 1)
        #expect(try server.cli(["key", "list", "--token", "kwm_wrong"]).status == 1)
        #expect(try server.cli(["key", "list", "--no-such-flag"]).status == 2)
        #expect(try server.cli(["key", "list", "--addr", "http://127.0.0.1:1"]).status == 3)
        let json = try server.cli(["key", "show", "key_0000000000000000000000", "--json"])
        #expect(json.json["code"] as? String == "NOT_FOUND", "--json prints the server's problem unchanged")
    }

    @Test("serve refuses a non-loopback bind without TLS")
    func plaintextBind() async throws {
        let folder = try TemporaryFolder("keyward-e2e")
        defer { folder.remove() }
        let result = try KeywardBinary.run(
            ["serve", "--db", folder.file("k.db"), "--host", "0.0.0.0", "--port", "0"],
            environment: ["KEYWARD_HOME": folder.file("home"), "PATH": "/usr/bin:/bin"]
        )
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--allow-plaintext"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("home/token")))
    }
}
