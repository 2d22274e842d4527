import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Bad input")
struct BadInputTests {
    @Test(
        "bodies that are not a JSON object are a 400 INVALID_JSON and change nothing",
        arguments: ["", "{", "[]", "\"text\"", "null", "{\"keyspace\": }", "{'a':1}", "\u{FEFF}{}x", String(repeating: "[", count: 5_000)]
    )
    func notJSON(body: String) async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("j")
            let answer = try await api.send(.post, "/v1/keys", json: body)
            #expect(answer.status == .badRequest)
            #expect(answer.code == "INVALID_JSON")
            #expect(answer.headers[.contentType] == "application/problem+json")
            #expect(answer.json["status"] == .number(400))
            #expect(answer.string("type")?.hasPrefix("urn:keyward:problem:") == true)
            #expect(try await api.get("/v1/keys").items.isEmpty)
        }
    }

    @Test("a body over 64 KiB is refused with 413 BODY_TOO_LARGE")
    func oversized() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("big")
            let padding = String(repeating: "a", count: 70_000)
            let answer = try await api.post("/v1/keys", #"{"keyspace":"big","name":"\#(padding)"}"#)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.code == "BODY_TOO_LARGE")
            #expect(try await api.get("/v1/keys").items.isEmpty)
        }
    }

    @Test(
        "key fields of the wrong type or shape are a 400 naming the field",
        arguments: [
            (#"{"keyspace":"k","name":5}"#, "INVALID_FIELD", "name"),
            (#"{"keyspace":"k","owner":["a"]}"#, "INVALID_FIELD", "owner"),
            (#"{"keyspace":"k","scopes":"docs:read"}"#, "INVALID_FIELD", "scopes"),
            (#"{"keyspace":"k","scopes":[1]}"#, "INVALID_FIELD", "scopes[0]"),
            (#"{"keyspace":"k","meta":[]}"#, "INVALID_FIELD", "meta"),
            (#"{"keyspace":"k","expiresAt":"tomorrow"}"#, "INVALID_FIELD", "expiresAt"),
            (#"{"keyspace":"k","enabled":"no"}"#, "INVALID_FIELD", "enabled"),
            (#"{"keyspace":"k","quota":5}"#, "INVALID_FIELD", "quota"),
            (#"{"keyspace":"k","quota":{}}"#, "INVALID_FIELD", "quota"),
            (#"{"keyspace":"k","quota":{"remaining":-1}}"#, "INVALID_FIELD", "quota.remaining"),
            (#"{"keyspace":"k","quota":{"remaining":1.5}}"#, "INVALID_FIELD", "quota.remaining"),
            (#"{"keyspace":"k","quota":{"remaining":5,"left":1}}"#, "UNKNOWN_FIELD", "quota.left"),
            (#"{"keyspace":"k","quota":{"refill":{"amount":10}}}"#, "INVALID_FIELD", "quota.refill.interval"),
            (#"{"keyspace":"k","quota":{"refill":{"amount":10,"interval":"weekly"}}}"#, "INVALID_FIELD", "quota.refill.interval"),
            (#"{"keyspace":"k","quota":{"refill":{"interval":"daily"}}}"#, "MISSING_FIELD", "quota.refill.amount"),
            (#"{"keyspace":"k","quota":{"refill":null}}"#, "MISSING_FIELD", "quota.remaining"),
            (#"{"keyspace":"k","ratelimits":"100/1m"}"#, "INVALID_FIELD", "ratelimits"),
            (#"{"keyspace":"k","ratelimits":["100/1x"]}"#, "INVALID_FIELD", "ratelimits[0]"),
            (#"{"keyspace":"k","ratelimits":["100/1m","0/1m"]}"#, "INVALID_FIELD", "ratelimits[1]"),
            (#"{"keyspace":"k","ratelimits":["100/1m:team"]}"#, "INVALID_FIELD", "ratelimits[0]"),
            (#"{"keyspace":"k","ratelimits":[{"limit":5}]}"#, "MISSING_FIELD", "ratelimits[0].window"),
            (#"{"keyspace":"k","ratelimits":[{"window":"1m"}]}"#, "MISSING_FIELD", "ratelimits[0].limit"),
            (#"{"keyspace":"k","ratelimits":[{"limit":5,"window":"1m","per":"team"}]}"#, "INVALID_FIELD", "ratelimits[0].per"),
            (#"{"keyspace":"k","ratelimits":[{"limit":5,"window":"31d"}]}"#, "INVALID_FIELD", "ratelimits[0]"),
            (#"{"keyspace":"k","ratelimits":[{"limit":5,"window":"1m","burst":2}]}"#, "UNKNOWN_FIELD", "ratelimits[0].burst"),
            (
                #"{"keyspace":"k","ratelimits":[{"name":"a","limit":5,"window":"1m"},{"name":"a","limit":9,"window":"1h"}]}"#, "INVALID_FIELD",
                "ratelimits[1].name"
            ),
            (#"{"keyspace":"k","ratelimits":[7]}"#, "INVALID_FIELD", "ratelimits[0]"),
            (#"{"keyspace":"k","ipAllowlist":["10.0.0.0/8", "10.0.0.0/40"]}"#, "INVALID_FIELD", "ipAllowlist[1]"),
            (#"{"keyspace":"k","nmae":"typo"}"#, "UNKNOWN_FIELD", "nmae"),
            (#"{"name":"no keyspace"}"#, "MISSING_FIELD", "keyspace"),
        ]
    )
    func badKeyFields(body: String, code: String, field: String) async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("k")
            let answer = try await api.post("/v1/keys", body)
            #expect(answer.status == .badRequest)
            #expect(answer.code == code)
            #expect(answer.string("field") == field)
            #expect(try await api.get("/v1/keys").items.isEmpty, "a refused create left a key behind")
        }
    }

    @Test("random bytes as a body never crash the server or answer 500")
    func fuzzBodies() async throws {
        try await TestServer.run { server, api in
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array(#"{}[]":,0123456789truefalsenull"\ abcé"#.unicodeScalars)
            for round in 0..<200 {
                let length = Int.random(in: 0...80, using: &generator)
                let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
                for path in ["/v1/keys", "/v1/keyspaces", "/v1/keys/verify", "/v1/tokens"] {
                    let answer = try await api.send(.post, path, json: text)
                    #expect(answer.status.code < 500, "round \(round): \(path) answered \(answer.status)")
                }
            }
        }
    }
}
