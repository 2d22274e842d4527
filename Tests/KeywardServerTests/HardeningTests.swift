import Foundation
import HTTPTypes
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import Testing

/// The review's probes, kept as regression tests: each failed on the code it found.
@Suite("Hardening: the review's probes")
struct HardeningTests {
    static let code = HTTPField.Name("X-Keyward-Code")!

    @Test("a PATCH racing a revoke never makes the key valid again (60 trials)")
    func patchRacingRevoke() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("race")
            var lost = 0
            for trial in 0..<60 {
                let (key, id) = try await api.key(in: "race")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { _ = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"name":"t\#(trial)","enabled":true}"#) }
                    group.addTask { _ = try await api.post("/v1/keys/\(id)/revoke", #"{"reason":"race"}"#) }
                    group.addTask { _ = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"meta":{"n":\#(trial)}}"#) }
                    try await group.waitForAll()
                }
                if try await api.verify(key).code != "REVOKED" { lost += 1 }
            }
            #expect(lost == 0)
        }
    }

    @Test("a PATCH of a revoked key is a 409 and changes nothing")
    func patchRevoked() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("final")
            let (key, id) = try await api.key(in: "final")
            #expect(try await api.post("/v1/keys/\(id)/revoke", "{}").status == .ok)
            let answer = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"enabled":true}"#)
            #expect(answer.status == .conflict)
            #expect(try await api.verify(key).code == "REVOKED")
        }
    }

    @Test("deeply nested meta is a 400 naming the limit; the server lives and nothing echoes the key")
    func nestedMeta() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("deep")
            for depth in [5_000, 600, 511, 40, JSONLimits.maximumMetaDepth + 1] {
                let meta = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
                let answer = try await api.post("/v1/keys", #"{"keyspace":"deep","meta":\#(meta)}"#)
                #expect(answer.status == .badRequest, "depth \(depth)")
                let namesLimit = answer.text.contains("nested deeper")
                #expect(namesLimit)
            }
            let fine =
                String(repeating: #"{"a":"#, count: JSONLimits.maximumMetaDepth - 1) + "1"
                + String(repeating: "}", count: JSONLimits.maximumMetaDepth - 1)
            let created = try await api.post("/v1/keys", #"{"keyspace":"deep","meta":\#(fine)}"#)
            #expect(created.status == .created)
            #expect(try await api.get("/healthz").status == .ok)
        }
    }

    @Test("a record with meta deeper than the limit, already in the store, never breaks a list or a verification")
    func poisonedRecord() async throws {
        try await TestServer.run { server, api in
            let keyspaceID = try await api.keyspace("poison")
            let keyspace = try #require(try await server.built.engine.store.keyspace(idOrName: keyspaceID))
            var meta = JSONValue.number(1)
            for _ in 0..<200 { meta = .object(["a": meta]) }
            let secret = APIKey.generate(prefix: keyspace.prefix)
            let record = KeyRecord(
                id: RecordID.make(.key), keyspaceId: keyspace.id, hash: server.built.engine.hasher.hash(secret), start: secret.start,
                meta: meta.objectValue ?? [:], createdAt: server.clock.now(), updatedAt: server.clock.now())
            try await server.built.engine.store.insertKey(record)
            let list = try await api.get("/v1/keys")
            #expect(list.status == .ok)
            #expect(list.items.count == 1)
            #expect(list.items.first?["meta"]?.objectValue?["keywardUnreadableMeta"] != nil)
            let verified = try await api.verify(secret.secret)
            #expect(verified.code == "VALID")
        }
    }

    @Test("/v1/auth with a failing store is a 503 STORE_UNAVAILABLE with an empty body, failing closed")
    func storeDown() async throws {
        let failing = Box<FailingStore>()
        try await TestServer.run(store: { path in
            let store = FailingStore(try await SQLiteStore.open(path: path))
            failing.value = store
            return store
        }) { server, api in
            _ = try await api.keyspace("down")
            let (key, _) = try await api.key(in: "down")
            try #require(failing.value).failing = true
            let answer = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers[Self.code] == "STORE_UNAVAILABLE")
            #expect(answer.body.isEmpty)
            // Booleans first: a failed expectation prints its operands, and one is a key.
            let logged = server.logs.text.contains(key)
            #expect(!logged)
        }
    }

    @Test("a leaked management token reported to /v1/leaks is revoked, with the tokens it minted")
    func leakedToken() async throws {
        try await TestServer.run { server, api in
            let parent = try await api.post("/v1/tokens", #"{"scopes":["keys:read","tokens:write"]}"#)
            let parentToken = try #require(parent.string("token"))
            let child = try await api.with(token: parentToken).post("/v1/tokens", #"{"scopes":["keys:read"]}"#)
            let childToken = try #require(child.string("token"))
            #expect(try await api.with(token: childToken).get("/v1/keys").status == .ok)
            let report = try await api.post("/v1/leaks", #"{"keys":["\#(parentToken)"],"source":"test"}"#)
            #expect(report.status == .ok)
            #expect(report.json["revokedTokens"] == .number(2))
            #expect(report.json["malformed"] == .number(0))
            let echoed = report.text.contains(parentToken)
            #expect(!echoed)
            #expect(try await api.with(token: parentToken).get("/v1/keys").status == .unauthorized)
            #expect(try await api.with(token: childToken).get("/v1/keys").status == .unauthorized)
        }
    }

    @Test("a minted token never outlives its parent, and revoking the parent revokes it")
    func childTokens() async throws {
        try await TestServer.run { server, api in
            let parent = try await api.post("/v1/tokens", #"{"scopes":["keys:read","tokens:write"],"ttl":"1m"}"#)
            let parentToken = try #require(parent.string("token"))
            let parentID = try #require(parent.string("id"))
            for body in [#"{"scopes":["keys:read"]}"#, #"{"scopes":["keys:read"],"ttl":"36500d"}"#] {
                let child = try await api.with(token: parentToken).post("/v1/tokens", body)
                #expect(child.status == .created)
                #expect(child.string("expiresAt") == parent.string("expiresAt"))
            }
            let shorter = try await api.with(token: parentToken).post("/v1/tokens", #"{"scopes":["keys:read"],"ttl":"30s"}"#)
            #expect(shorter.string("expiresAt") != parent.string("expiresAt"))
            let childToken = try #require(shorter.string("token"))
            #expect(try await api.send(.delete, "/v1/tokens/\(parentID)").status == .noContent)
            #expect(try await api.with(token: childToken).get("/v1/keys").status == .unauthorized)
            server.clock.advance(by: 120)
            let other = try await api.post("/v1/tokens", #"{"scopes":["keys:read"],"ttl":"1h"}"#)
            #expect(other.status == .created)
        }
    }

    @Test("the last active admin token cannot be revoked; once a recovered root exists outside its tree it can")
    func lastAdmin() async throws {
        try await TestServer.run { server, api in
            let tokens = try await api.get("/v1/tokens")
            let rootID = try #require(tokens.items.first?["id"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            let refused = try await api.send(.delete, "/v1/tokens/\(rootID)")
            #expect(refused.status == .conflict)
            #expect(refused.code == "LAST_ADMIN_TOKEN")
            #expect(try await api.get("/v1/keys").status == .ok)
            // An admin token minted by root dies with root: it does not count.
            let child = try await api.post("/v1/tokens", #"{"scopes":["admin"]}"#)
            #expect(child.status == .created)
            #expect(try await api.send(.delete, "/v1/tokens/\(rootID)").status == .conflict)
            // `keyward root-token` mints one outside the tree.
            let recovered = try await RootToken.recover(engine: server.built.engine, tokenFile: server.folder.file("recovered-token"))
            #expect(try await api.send(.delete, "/v1/tokens/\(rootID)").status == .noContent)
            #expect(try await api.get("/v1/keys").status == .unauthorized)
            #expect(try await api.with(token: try #require(child.string("token"))).get("/v1/keys").status == .unauthorized)
            #expect(try await api.with(token: recovered.token.secret).get("/v1/keys").status == .ok)
        }
    }

    @Test("lengths are bytes: one 40 KB character is refused, and no header Keyward sends passes its bound")
    func byteLengths() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("bytes")
            let huge = "e" + String(repeating: "\u{301}", count: 20_000)
            #expect(huge.count == 1)
            let refused = try await api.post("/v1/keys", #"{"keyspace":"bytes","owner":"\#(huge)"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.string("field") == "owner")
            let owner = String(repeating: "é", count: 128)
            let (key, _) = try await api.key(in: "bytes", extra: #","owner":"\#(owner)""#)
            let answer = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(answer.status == .ok)
            for field in answer.headers { #expect(field.value.utf8.count <= 2048, "\(field.name) is \(field.value.utf8.count) bytes") }
        }
    }

    @Test("KEY_IN_URL sees through percent-encoding, also with stray percent signs")
    func keyInURLEncoded() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("url")
            let (key, _) = try await api.key(in: "url")
            let encoded = key.replacingOccurrences(of: "_", with: "%5F")
            for uri in ["/api?k=\(encoded)", "/api?k=\(encoded)&x=%zz", "/api?%=\(key.replacingOccurrences(of: "_", with: "%5f"))"] {
                let answer = try await api.auth([.authorization: "Bearer \(key)", GatewayTests.originalURI: uri])
                #expect(answer.status == .badRequest, "\(uri)")
                #expect(answer.headers[Self.code] == "KEY_IN_URL")
            }
            let plain = try await api.auth([.authorization: "Bearer \(key)", GatewayTests.originalURI: "/api?x=%41%zz"])
            #expect(plain.status == .ok)
            let empty = try await api.auth([.authorization: "Bearer \(key)", GatewayTests.forwardedURI: ""])
            #expect(empty.status == .ok)
        }
    }

    @Test("an unknown field name is repeated only when it is short and identifier-shaped")
    func unknownFieldEcho() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("echo")
            let (key, _) = try await api.key(in: "echo")
            let pasted = try await api.post("/v1/keys", #"{"keyspace":"echo","\#(key)":1}"#)
            #expect(pasted.status == .badRequest)
            #expect(pasted.code == "UNKNOWN_FIELD")
            let echoed = pasted.text.contains(key) || pasted.text.contains(String(key.dropFirst(3).prefix(20)))
            #expect(!echoed)
            let typo = try await api.post("/v1/keys", #"{"keyspace":"echo","ownr":"x"}"#)
            #expect(typo.string("field") == "ownr")
        }
    }

    @Test("a control character in the key at /v1/keys/verify is MALFORMED, not a 400")
    func controlCharacterKey() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("ctl")
            let (key, _) = try await api.key(in: "ctl")
            for candidate in [key + "\\n", "\\u0000" + key, "kw_\\t"] {
                let answer = try await api.verify(candidate)
                #expect(answer.status == .ok, "\(candidate)")
                #expect(answer.code == "MALFORMED")
            }
        }
    }
}

/// A value set inside a closure that a test reads after.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?
    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
