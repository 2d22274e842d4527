import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Keyspace routes")
struct KeyspaceRoutesTests {
    @Test("create, read by id and name, update, list and delete")
    func lifecycle() async throws {
        try await TestServer.run { server, api in
            let created = try await api.post(
                "/v1/keyspaces", #"{"name":"payments","prefix":"acme_live","scopes":["docs:read"],"maxLifetime":"90d","requireExpiry":true}"#)
            #expect(created.status == .created)
            #expect(created.string("prefix") == "acme_live")
            #expect(created.string("maxLifetime") == "90d")
            #expect(created.json["rotationPeriod"] == .null)
            let id = try #require(created.string("id"))
            #expect(id.hasPrefix("ks_"))
            #expect(try await api.get("/v1/keyspaces/payments").string("id") == id)
            #expect(try await api.get("/v1/keyspaces/\(id)").string("name") == "payments")

            let updated = try await api.send(.patch, "/v1/keyspaces/\(id)", json: #"{"name":"billing","maxLifetime":null}"#)
            #expect(updated.status == .ok)
            #expect(updated.string("name") == "billing")
            #expect(updated.json["maxLifetime"] == .null)
            #expect(try await api.get("/v1/keyspaces").items.map { $0["name"] } == [.string("billing")])

            #expect(try await api.send(.delete, "/v1/keyspaces/billing").status == .noContent)
            #expect(try await api.get("/v1/keyspaces/billing").status == .notFound)
        }
    }

    @Test("failOpenFor is null (fail closed) unless set, is set and cleared by PATCH, and is audited")
    func failOpenWindow() async throws {
        try await TestServer.run { server, api in
            let created = try await api.post("/v1/keyspaces", #"{"name":"edge"}"#)
            #expect(created.json["failOpenFor"] == .null)
            let opened = try await api.send(.patch, "/v1/keyspaces/edge", json: #"{"failOpenFor":"1h"}"#)
            #expect(opened.string("failOpenFor") == "1h")
            #expect(try await api.get("/v1/keyspaces/edge").string("failOpenFor") == "1h")
            let closed = try await api.send(.patch, "/v1/keyspaces/edge", json: #"{"failOpenFor":null}"#)
            #expect(closed.status == .ok)
            #expect(closed.json["failOpenFor"] == .null)
            let audit = try await api.get("/v1/audit?action=keyspace.update").items
            #expect(audit.contains { entry in entry["details"]?.objectValue?["failOpenFor"] == .string("1h") }, "\(audit)")
        }
    }

    @Test("a duplicate name is a 409 and a keyspace with keys cannot be deleted")
    func conflicts() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("one")
            let duplicate = try await api.post("/v1/keyspaces", #"{"name":"one"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.code == "ALREADY_EXISTS")
            _ = try await api.key(in: "one")
            let delete = try await api.send(.delete, "/v1/keyspaces/one")
            #expect(delete.status == .conflict)
            #expect(try await api.get("/v1/keyspaces/one").status == .ok)
        }
    }

    @Test(
        "bad settings are a 400 naming the field",
        arguments: [
            (#"{"name":"x","prefix":"Acme"}"#, "INVALID_PREFIX", "prefix"),
            (#"{"name":"x","prefix":"kwm"}"#, "INVALID_PREFIX", "prefix"),
            (#"{"name":"x","prefix":"kwm_live"}"#, "INVALID_PREFIX", "prefix"),
            (#"{"name":"x","prefix":"a"}"#, "INVALID_PREFIX", "prefix"),
            (#"{"name":"x","maxLifetime":"90x"}"#, "INVALID_DURATION", "maxLifetime"),
            (#"{"name":"x","rotationPeriod":"0d"}"#, "INVALID_DURATION", "rotationPeriod"),
            (#"{"name":"x","scopes":["docs::read"]}"#, "INVALID_SCOPE", "scopes[0]"),
            (#"{"name":"x","requireExpiry":"yes"}"#, "INVALID_FIELD", "requireExpiry"),
            (#"{"name":"has space"}"#, "INVALID_NAME", "name"),
            // A name shaped like a keyspace id would be ambiguous where both are accepted.
            (#"{"name":"ks_0123456789abcdefghijkl"}"#, "INVALID_NAME", "name"),
            // A name shaped like a key would publish a key.
            (#"{"name":"acme_live_\#(String(repeating: "a", count: 49))"}"#, "INVALID_NAME", "name"),
            (#"{"prefix":"kw"}"#, "MISSING_FIELD", "name"),
            (#"{"name":"x","ratelimits":["100/0m"]}"#, "INVALID_FIELD", "ratelimits[0]"),
            (#"{"name":"x","quota":{"remaining":5}}"#, "UNKNOWN_FIELD", "quota"),
            (#"{"name":"x","rateLimitMode":"sometimes"}"#, "INVALID_FIELD", "rateLimitMode"),
            (#"{"name":"x","failOpenFor":"2h"}"#, "INVALID_FIELD", "failOpenFor"),
            (#"{"name":"x","failOpenFor":"0s"}"#, "INVALID_DURATION", "failOpenFor"),
            (#"{"name":"x","failOpenFor":"forever"}"#, "INVALID_DURATION", "failOpenFor"),
            (#"{"name":"x","failOpenFor":300}"#, "INVALID_FIELD", "failOpenFor"),
        ]
    )
    func badSettings(body: String, code: String, field: String) async throws {
        try await TestServer.run { server, api in
            let answer = try await api.post("/v1/keyspaces", body)
            #expect(answer.status == .badRequest)
            #expect(answer.code == code)
            #expect(answer.string("field") == field)
            #expect(answer.headers[.contentType] == "application/problem+json")
            #expect(try await api.get("/v1/keyspaces").items.isEmpty, "a refused create left a keyspace behind")
        }
    }
}
