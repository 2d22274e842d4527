import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Key routes")
struct KeyRoutesTests {
    @Test("the key appears once, in the creation answer; reads never show it or its hash")
    func shownOnce() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("once", extra: #","prefix":"acme_live""#)
            let created = try await api.post("/v1/keys", #"{"keyspace":"once","owner":"alice","name":"ci","meta":{"plan":"pro"}}"#)
            #expect(created.status == .created)
            let key = try #require(created.string("key"))
            let id = try #require(created.string("id"))
            #expect(key.hasPrefix("acme_live_"))
            #expect(APIKey(parsing: key) != nil)
            #expect(created.string("start") == String(key.prefix("acme_live_".count + 4)))
            #expect(created.string("state") == "active")
            #expect(created.json["meta"] == .object(["plan": .string("pro")]))

            let shown = try await api.get("/v1/keys/\(id)")
            let listed = try await api.get("/v1/keys?keyspace=once")
            for answer in [shown, listed] {
                #expect(answer.status == .ok)
                #expect(!answer.text.contains(key))
                #expect(!answer.text.contains(String(key.suffix(20))))
                #expect(!answer.text.contains("hash"))
            }
            #expect(shown.json["key"] == nil)
            #expect(listed.items.count == 1)
        }
    }

    @Test("lists page with limit and cursor and filter by keyspace, owner and state")
    func lists() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("a")
            _ = try await api.keyspace("b")
            var ids: [String] = []
            for index in 0..<7 { ids.append(try await api.key(in: "a", extra: #","owner":"o\#(index % 2)""#).id) }
            _ = try await api.key(in: "b")
            let revoked = ids[0]
            #expect(try await api.post("/v1/keys/\(revoked)/revoke", #"{"reason":"test"}"#).status == .ok)

            var seen: [String] = []
            var uri = "/v1/keys?keyspace=a&limit=3"
            for _ in 0..<5 {
                let page = try await api.get(uri)
                seen += page.items.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
                guard let cursor = page.string("nextCursor") else { break }
                uri = "/v1/keys?keyspace=a&limit=3&cursor=\(cursor)"
            }
            #expect(seen == ids.sorted())
            #expect(try await api.get("/v1/keys?owner=o1").items.count == 3)
            #expect(try await api.get("/v1/keys?state=revoked").items.count == 1)
            #expect(try await api.get("/v1/keys?keyspace=a&state=active").items.count == 6)
            for bad in ["limit=0", "limit=1001", "limit=x", "state=gone", "cursor=%24%24"] {
                let answer = try await api.get("/v1/keys?\(bad)")
                #expect(answer.status == .badRequest, "\(bad) was accepted")
            }
            #expect(try await api.get("/v1/keys?keyspace=missing").status == .notFound)
        }
    }

    @Test("update changes fields, null clears them, and policy still holds")
    func update() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("p", extra: #","maxLifetime":"30d""#)
            let (_, id) = try await api.key(in: "p", extra: #","owner":"alice","name":"n""#)
            let changed = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"owner":null,"name":"renamed","scopes":["b:x","a:y"]}"#)
            #expect(changed.status == .ok)
            #expect(changed.json["owner"] == .null)
            #expect(changed.string("name") == "renamed")
            #expect(changed.json["scopes"] == .array([.string("a:y"), .string("b:x")]))

            let tooLate = Timestamp.format(server.clock.now().addingTimeInterval(31 * 86_400))
            let refused = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"expiresAt":"\#(tooLate)"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.code == "LIFETIME_EXCEEDED")
            #expect(try await api.send(.patch, "/v1/keys/key_0000000000000000000000", json: #"{"name":"x"}"#).status == .notFound)
        }
    }

    @Test("keyspace policy: maxLifetime fills and caps expiry, requireExpiry refuses keys without one")
    func policies() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("capped", extra: #","maxLifetime":"1d""#)
            let filled = try await api.post("/v1/keys", #"{"keyspace":"capped"}"#)
            #expect(filled.string("expiresAt") == Timestamp.format(server.clock.now().addingTimeInterval(86_400)))
            let later = Timestamp.format(server.clock.now().addingTimeInterval(2 * 86_400))
            let refused = try await api.post("/v1/keys", #"{"keyspace":"capped","expiresAt":"\#(later)"}"#)
            #expect(refused.code == "LIFETIME_EXCEEDED")
            #expect(refused.string("field") == "expiresAt")

            _ = try await api.keyspace("strict", extra: #","requireExpiry":true"#)
            #expect(try await api.post("/v1/keys", #"{"keyspace":"strict"}"#).code == "EXPIRY_REQUIRED")
            let past = Timestamp.format(server.clock.now().addingTimeInterval(-1))
            #expect(try await api.post("/v1/keys", #"{"keyspace":"strict","expiresAt":"\#(past)"}"#).status == .badRequest)
            #expect(try await api.get("/v1/keys?keyspace=strict").items.isEmpty)
        }
    }

    @Test("delete answers 204, then the key is gone")
    func delete() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("d")
            let (key, id) = try await api.key(in: "d")
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.send(.delete, "/v1/keys/\(id)").status == .noContent)
            #expect(try await api.get("/v1/keys/\(id)").status == .notFound)
            #expect(try await api.send(.delete, "/v1/keys/\(id)").status == .notFound)
            #expect(try await api.verify(key).code == "NOT_FOUND")
        }
    }

    @Test("a 404 repeats an id, never a key pasted where the id belongs")
    func notFoundEcho() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("echo")
            let (key, _) = try await api.key(in: "echo")
            let id = RecordID.make(.key)
            let missing = try await api.get("/v1/keys/\(id)")
            #expect(missing.status == .notFound)
            #expect(missing.string("detail")?.contains(id) == true)
            for uri in ["/v1/keys/\(key)", "/v1/keyspaces/\(key)", "/v1/tokens/\(key)", "/v1/\(key)/x"] {
                let answer = try await api.send(uri.hasPrefix("/v1/tokens") ? .delete : .get, uri)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(!answer.text.contains(key), "the answer to \(uri) repeats the key")
                #expect(!answer.text.contains(String(key.suffix(20))))
            }
            #expect(!server.logs.text.contains(key))
        }
    }
}
