import Foundation
import HTTPTypes
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

@Suite("Audit log routes")
struct AuditRoutesTests {
    /// Every entry of the log, oldest first.
    static func entries(_ api: APIDriver, _ query: String = "") async throws -> [[String: JSONValue]] {
        let answer = try await api.get("/v1/audit?limit=1000" + query)
        #expect(answer.status == .ok)
        return answer.items
    }

    /// The query that checks the log against the checkpoint answered in `checkpoint`
    /// (its `seq` replaced by `seq` when given, as a forger would).
    static func checkpointQuery(_ checkpoint: APIAnswer, seq: Int? = nil) -> String {
        let fields = ["hash", "digest", "time", "signature"].map { name in
            "\(name)=\(checkpoint.string(name)?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        return "?seq=\(seq ?? checkpoint.json["seq"]?.intValue ?? 0)&" + fields.joined(separator: "&")
    }

    static func text(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    @Test("every management action writes an entry naming its token; a deleted key leaves a tombstone")
    func managementActions() async throws {
        try await TestServer.run { server, api in
            let keyspace = try await api.keyspace("audited")
            #expect(try await api.send(.patch, "/v1/keyspaces/\(keyspace)", json: #"{"requireExpiry":false}"#).status == .ok)
            let (_, keyID) = try await api.key(in: "audited", extra: #","owner":"acme","name":"ci""#)
            #expect(try await api.send(.patch, "/v1/keys/\(keyID)", json: #"{"scopes":["docs:read"],"meta":{"plan":"pro"}}"#).status == .ok)
            #expect(try await api.post("/v1/keys/\(keyID)/revoke", #"{"reason":"rotated by hand"}"#).status == .ok)
            #expect(try await api.send(.delete, "/v1/keys/\(keyID)").status == .noContent)
            let (leaked, leakedID) = try await api.key(in: "audited")
            #expect(try await api.post("/v1/leaks", #"{"keys":["\#(leaked)"],"source":"ci log"}"#).status == .ok)
            let minted = try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#)
            let mintedID = try #require(minted.string("id"))
            #expect(try await api.send(.delete, "/v1/tokens/\(mintedID)").status == .noContent)
            #expect(try await api.send(.delete, "/v1/keys/\(leakedID)").status == .noContent)
            #expect(try await api.send(.delete, "/v1/keyspaces/\(keyspace)").status == .noContent)

            let entries = try await Self.entries(api)
            #expect(
                entries.compactMap { Self.text($0["action"]) } == [
                    "token.create", "keyspace.create", "keyspace.update", "key.create", "key.update", "key.revoke", "key.delete", "key.create",
                    "leak.report", "token.create", "token.revoke", "key.delete", "keyspace.delete",
                ])
            let rootID = try #require(try await server.built.engine.tokens.authenticate(server.rootToken).id)
            for entry in entries.dropFirst() {
                #expect(entry["actor"]?.objectValue?["id"] == .string(rootID))
                #expect(entry["outcome"] == .string("success"))
            }
            #expect(entries.first?["actor"]?.objectValue?["type"] == .string("system"))
            let tombstone = try #require(entries[6]["details"]?.objectValue)
            #expect(entries[6]["target"] == .string(keyID))
            #expect(tombstone["keyspace"] == .string(keyspace))
            #expect(tombstone["owner"] == .string("acme"))
            #expect(Self.text(tombstone["start"])?.hasPrefix("kw_") == true)
            let update = try #require(entries[4]["details"]?.objectValue)
            #expect(update["changed"] == .array([.string("scopes"), .string("meta")]))
            #expect(entries[8]["details"]?.objectValue?["source"] == .string("ci log"))
            #expect(entries[5]["details"]?.objectValue?["reason"] == .string("rotated by hand"))
            // Filters: by target, by action family, by actor.
            #expect(try await Self.entries(api, "&target=\(keyID)").count == 4)
            #expect(try await Self.entries(api, "&action=token.*").count == 3)
            #expect(try await Self.entries(api, "&actor=system").count == 1)
            #expect(try await api.get("/v1/audit/verify").json["intact"] == .bool(true))
        }
    }

    @Test("the log needs audit:read; refused calls are counted per source, code and minute")
    func refusedCalls() async throws {
        try await TestServer.run { server, api in
            let reader = try #require(try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).string("token"))
            #expect(try await api.with(token: reader).get("/v1/audit").status == .forbidden)
            for _ in 0..<3 { #expect(try await api.with(token: nil).get("/v1/keys").status == .unauthorized) }
            #expect(try await api.with(token: "kwm_nope").get("/v1/audit").status == .unauthorized)
            server.clock.advance(by: 61)
            await server.built.engine.auditRecorder.flush()
            let denied = try await Self.entries(api, "&action=management.denied")
            let counts = Dictionary(
                uniqueKeysWithValues: denied.map { (Self.text($0["details"]?.objectValue?["code"]) ?? "", $0["details"]?.objectValue?["count"]) })
            #expect(counts["MISSING_TOKEN"] == .number(3))
            #expect(counts["INVALID_TOKEN"] == .number(1))
            #expect(counts["INSUFFICIENT_SCOPE"] == .number(1))
            #expect(denied.allSatisfy { $0["outcome"] == .string("denied") })
        }
    }

    @Test("a row changed in the database file is named by seq; a checkpoint catches truncation and a forged signature")
    func tamperAndCheckpoint() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("tamper")
            for _ in 0..<5 { _ = try await api.key(in: "tamper") }
            let checkpoint = try await api.post("/v1/audit/checkpoints", "")
            #expect(checkpoint.status == .created)
            let seq = try #require(checkpoint.json["seq"]?.intValue)
            #expect(seq == 8)
            let publicKey = try await api.get("/v1/audit/public-key").string("publicKey")
            #expect(publicKey == checkpoint.string("publicKey"))
            let intact = try await api.get("/v1/audit/verify" + Self.checkpointQuery(checkpoint))
            #expect(intact.json["intact"] == .bool(true))
            #expect(intact.json["checked"] == .number(8))

            // A forged seq breaks the signature.
            let forged = try await api.get("/v1/audit/verify" + Self.checkpointQuery(checkpoint, seq: 7))
            #expect(forged.json["problem"]?.objectValue?["kind"] == .string("bad-signature"))

            let path = server.folder.file("keyward.db")
            try await RawSQLite.execute(path, "UPDATE audit_entries SET target = 'key_someone_else' WHERE seq = 4")
            let changed = try await api.get("/v1/audit/verify")
            #expect(changed.json["intact"] == .bool(false))
            #expect(changed.json["problem"]?.objectValue?["seq"] == .number(4))
        }
    }

    @Test("truncating the log passes a plain check but not the checkpoint's")
    func truncation() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("truncate")
            for _ in 0..<3 { _ = try await api.key(in: "truncate") }
            let checkpoint = try await api.post("/v1/audit/checkpoints", "")
            try await RawSQLite.execute(server.folder.file("keyward.db"), "DELETE FROM audit_entries WHERE seq >= 4")
            #expect(try await api.get("/v1/audit/verify").json["intact"] == .bool(true))
            let answer = try await api.get("/v1/audit/verify" + Self.checkpointQuery(checkpoint))
            #expect(answer.json["problem"]?.objectValue?["kind"] == .string("truncated"))
            #expect(answer.json["problem"]?.objectValue?["seq"] == .number(4))
        }
    }

    @Test("when the log cannot be written, management actions fail with 503 and change nothing; verification keeps answering")
    func failClosed() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("closed")
            let (key, keyID) = try await api.key(in: "closed")
            let path = server.folder.file("keyward.db")
            try await RawSQLite.execute(
                path, "CREATE TRIGGER audit_full BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            let created = try await api.post("/v1/keys", #"{"keyspace":"closed"}"#)
            #expect(created.status == .serviceUnavailable)
            #expect(created.code == "AUDIT_UNAVAILABLE")
            #expect(created.string("key") == nil)
            let revoked = try await api.post("/v1/keys/\(keyID)/revoke", "{}")
            #expect(revoked.status == .serviceUnavailable)
            #expect(try await api.send(.patch, "/v1/keys/\(keyID)", json: #"{"enabled":false}"#).status == .serviceUnavailable)
            #expect(try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).status == .serviceUnavailable)
            // Nothing changed: one key, still valid, at both verification routes.
            #expect(try await api.get("/v1/keys").items.count == 1)
            #expect(try await api.verify(key).json["code"] == .string("VALID"))
            #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .ok)
            // A failed verification is kept for later, not lost.
            #expect(try await api.verify("kw_nothing").json["code"] == .string("MALFORMED"))

            try await RawSQLite.execute(path, "DROP TRIGGER audit_full")
            #expect(try await api.post("/v1/keys/\(keyID)/revoke", "{}").status == .ok)
            server.clock.advance(by: 61)
            await server.built.engine.auditRecorder.flush()
            let actions = try await Self.entries(api).compactMap { Self.text($0["action"]) }
            #expect(actions.suffix(2) == ["key.revoke", "verification.malformed"])
            #expect(try await api.get("/v1/audit/verify").json["intact"] == .bool(true))
        }
    }

    @Test("64 parallel key creations over HTTP make 64 entries in one unforked chain")
    func parallelWriters() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("parallel")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 { group.addTask { _ = try await api.key(in: "parallel") } }
                try await group.waitForAll()
            }
            let created = try await Self.entries(api, "&action=key.create")
            #expect(created.count == 64)
            let verification = try await api.get("/v1/audit/verify")
            #expect(verification.json["intact"] == .bool(true))
            #expect(verification.json["checked"] == .number(66))
            // Over a live socket the source address is the loopback peer.
            #expect(created.allSatisfy { Self.text($0["sourceIp"])?.contains("127.0.0.1") == true })
        }
    }

    @Test("a REVOKED verification is in the log within 2 s, with the client's address")
    func revokedWithinTwoSeconds() async throws {
        try await TestServer.run(.live) { _, api in
            _ = try await api.keyspace("soon")
            let (key, id) = try await api.key(in: "soon")
            #expect(try await api.post("/v1/keys/\(id)/revoke", "{}").status == .ok)
            #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .unauthorized)
            let start = ContinuousClock.now
            var entries: [[String: JSONValue]] = []
            while entries.isEmpty, ContinuousClock.now - start < .seconds(2) {
                try await Task.sleep(for: .milliseconds(100))
                entries = try await Self.entries(api, "&action=verification.revoked")
            }
            #expect(entries.count == 1, "no verification.revoked entry within 2 s")
            #expect(entries.first?["target"] == .string(id))
            #expect(Self.text(entries.first?["sourceIp"])?.contains("127.0.0.1") == true)
        }
    }

    @Test("bad audit queries are 400s naming the parameter")
    func badQueries() async throws {
        try await TestServer.run { _, api in
            for (query, field) in [("since=yesterday", "since"), ("after=-1", "after"), ("cursor=abc", "cursor"), ("seq=1", "hash")] {
                let answer = try await api.get("/v1/audit" + (field == "hash" ? "/verify" : "") + "?" + query)
                #expect(answer.status == .badRequest, "\(query)")
                #expect(answer.json["field"] == .string(field), "\(query)")
            }
        }
    }
}

@Suite("Client address behind trusted proxies")
struct TrustedProxyRoutesTests {
    /// A live server on loopback; `trusted` says whether 127.0.0.1 is a trusted proxy.
    static func sourceOfDeniedCall(trusted: Bool) async throws -> String? {
        let proxies = trusted ? [try IPRange(parsing: "127.0.0.0/8", field: "--trusted-proxy")] : []
        return try await TestServer.run(.live, configure: { $0.trustedProxies = proxies }) { server, api -> String? in
            let forged: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.23"]
            _ = try await api.with(token: nil).send(.get, "/v1/keys", headers: forged)
            server.clock.advance(by: 61)
            await server.built.engine.auditRecorder.flush()
            let entries = try await AuditRoutesTests.entries(api, "&action=management.denied")
            return AuditRoutesTests.text(entries.first?["sourceIp"])
        }
    }

    @Test("a forged X-Forwarded-For from an untrusted peer is ignored; from a trusted proxy it names the client")
    func forwardedFor() async throws {
        let untrusted = try await Self.sourceOfDeniedCall(trusted: false)
        #expect(untrusted?.contains("127.0.0.1") == true, "\(untrusted ?? "nil")")
        #expect(try await Self.sourceOfDeniedCall(trusted: true) == "198.51.100.23")
    }
}
