import Foundation
import HTTPTypes
import KeywardCore
import KeywardStore
import Testing

@Suite("POST /v1/keys/verify")
struct VerifyTests {
    @Test("a valid key answers VALID with its record's fields")
    func valid() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("v")
            let (key, id) = try await api.key(in: "v", extra: #","owner":"alice","scopes":["docs:read"],"meta":{"tier":1}"#)
            let answer = try await api.verify(key)
            #expect(answer.status == .ok)
            #expect(answer.json["valid"] == .bool(true))
            #expect(answer.code == "VALID")
            #expect(answer.string("keyId") == id)
            #expect(answer.string("keyspace") == "v")
            #expect(answer.string("owner") == "alice")
            #expect(answer.json["scopes"] == .array([.string("docs:read")]))
            #expect(answer.json["meta"] == .object(["tier": .number(1)]))
            #expect(answer.json["ratelimits"] == .array([]))
            #expect(answer.json["remaining"] == nil, "a key without a quota has no remaining")
            #expect(!answer.text.contains(key))
        }
    }

    @Test("a malformed key answers MALFORMED (200) and never reaches the store")
    func malformedNeverTouchesStorage() async throws {
        try await TestServer.run(store: { path in CountingStore(try await SQLiteStore.open(path: path)) }) { server, api in
            let store = try #require(server.built.engine.store as? CountingStore)
            _ = try await api.keyspace("m")
            let (key, _) = try await api.key(in: "m")
            let flipped = String(key.dropLast()) + (key.last == "A" ? "B" : "A")
            let body = key.dropFirst(3)
            let huge = key + String(repeating: "A", count: 2_000)
            for candidate in [flipped, "", "kw_", "kw_short", String(body), key + "0", key.uppercased(), api.token!, huge] {
                let answer = try await api.verify(candidate)
                #expect(answer.status == .ok)
                #expect(answer.code == "MALFORMED")
                #expect(answer.json["valid"] == .bool(false))
                #expect(answer.json["keyId"] == nil)
            }
            #expect(store.keyLookups == 0)
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.verify(key).code == "VALID")
            #expect(store.keyLookups == 1, "the second verification should come from the cache")
        }
    }

    @Test("well-formed guesses answer NOT_FOUND without a store read; a key made after the start verifies at once")
    func guessesSkipTheStore() async throws {
        try await TestServer.run(store: { path in CountingStore(try await SQLiteStore.open(path: path)) }) { server, api in
            let store = try #require(server.built.engine.store as? CountingStore)
            _ = try await api.keyspace("g")
            let before = store.keyLookups
            for _ in 0..<500 {
                #expect(try await api.verify(APIKey.generate(prefix: .defaultKeyspace).secret).code == "NOT_FOUND")
            }
            // About 1 in 400 guesses passes the filter and asks the store.
            #expect(store.keyLookups - before < 10, "\(store.keyLookups - before) of 500 guesses reached the store")
            for _ in 0..<20 {
                let (key, _) = try await api.key(in: "g")
                #expect(try await api.verify(key).code == "VALID")
            }
        }
    }

    @Test("NOT_FOUND for an unknown key or another keyspace, without the record's fields")
    func notFound() async throws {
        try await TestServer.run { server, api in
            let spaceID = try await api.keyspace("one")
            _ = try await api.keyspace("two")
            let (key, _) = try await api.key(in: "one", extra: #","owner":"secret-owner""#)
            let unknown = APIKey.generate(prefix: .defaultKeyspace).secret
            #expect(try await api.verify(unknown).code == "NOT_FOUND")
            let elsewhere = try await api.verify(key, extra: #","keyspace":"two""#)
            #expect(elsewhere.code == "NOT_FOUND")
            #expect(!elsewhere.text.contains("secret-owner"))
            #expect(try await api.verify(key, extra: #","keyspace":"one""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","keyspace":"\#(spaceID)""#).code == "VALID")
        }
    }

    @Test("revoke, disable and delete take effect at once despite the cache")
    func cacheInvalidation() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("c")
            let (key, id) = try await api.key(in: "c")
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.send(.patch, "/v1/keys/\(id)", json: #"{"enabled":false}"#).status == .ok)
            #expect(try await api.verify(key).code == "DISABLED")
            #expect(try await api.send(.patch, "/v1/keys/\(id)", json: #"{"enabled":true}"#).status == .ok)
            #expect(try await api.verify(key).code == "VALID")
            let revoked = try await api.post("/v1/keys/\(id)/revoke", #"{"reason":"leaked"}"#)
            #expect(revoked.string("state") == "revoked")
            #expect(revoked.string("revokeReason") == "leaked")
            #expect(try await api.verify(key).code == "REVOKED")
            #expect(try await api.send(.delete, "/v1/keys/\(id)").status == .noContent)
            #expect(try await api.verify(key).code == "NOT_FOUND")
        }
    }

    @Test("expiry follows the clock, and state codes come in the order REVOKED, DISABLED, EXPIRED")
    func expiryAndOrder() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("e")
            let expiry = Timestamp.format(server.clock.now().addingTimeInterval(60))
            let (key, id) = try await api.key(in: "e", extra: #","expiresAt":"\#(expiry)""#)
            #expect(try await api.verify(key).code == "VALID")
            server.clock.advance(by: 60)
            #expect(try await api.verify(key).code == "EXPIRED")
            #expect(try await api.get("/v1/keys/\(id)").string("state") == "expired")
            _ = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"enabled":false}"#)
            #expect(try await api.verify(key).code == "DISABLED")
            _ = try await api.post("/v1/keys/\(id)/revoke", "{}")
            #expect(try await api.verify(key).code == "REVOKED")
        }
    }

    @Test("scope queries: satisfied is VALID, unsatisfied is INSUFFICIENT_SCOPE, unparsable is a 400")
    func scopeQueries() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("s")
            let (key, _) = try await api.key(in: "s", extra: #","scopes":["docs:*","billing:read"]"#)
            #expect(try await api.verify(key, extra: #","scopes":"docs:read AND (billing:read OR admin)""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","scopes":"docs AND billing:read""#).code == "INSUFFICIENT_SCOPE")
            #expect(try await api.verify(key, extra: #","scopes":"admin""#).code == "INSUFFICIENT_SCOPE")
            let bad = try await api.verify(key, extra: #","scopes":"docs:read AND""#)
            #expect(bad.status == .badRequest)
            #expect(bad.code == "INVALID_SCOPE_QUERY")
            #expect(bad.string("field") == "scopes")
        }
    }

    @Test(
        "bad verify requests are a 400 naming the field",
        arguments: [
            (#"{}"#, "MISSING_FIELD", "key"),
            (#"{"key":5}"#, "INVALID_FIELD", "key"),
            (#"{"key":"kw_x","ip":"300.1.1.1"}"#, "INVALID_FIELD", "ip"),
            (#"{"key":"kw_x","cost":-1}"#, "INVALID_FIELD", "cost"),
            (#"{"key":"kw_x","cost":1.5}"#, "INVALID_FIELD", "cost"),
            (#"{"key":"kw_x","extra":true}"#, "UNKNOWN_FIELD", "extra"),
            (#"{"key":"kw_x","scopes":"(a"}"#, "INVALID_SCOPE_QUERY", "scopes"),
        ]
    )
    func badRequests(body: String, code: String, field: String) async throws {
        try await TestServer.run { server, api in
            let answer = try await api.post("/v1/keys/verify", body)
            #expect(answer.status == .badRequest)
            #expect(answer.code == code)
            #expect(answer.string("field") == field)
        }
    }
}
