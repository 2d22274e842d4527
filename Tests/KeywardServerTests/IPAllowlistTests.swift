import Foundation
import HTTPTypes
import KeywardCore
import KeywardServer
import KeywardTesting
import Testing

@Suite("IP allowlists")
struct IPAllowlistTests {
    @Test("a key with an allowlist verifies only from its ranges; without an ip it fails closed; the refusal is audited")
    func verifyRoute() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("fenced")
            let created = try await api.post("/v1/keys", #"{"keyspace":"fenced","ipAllowlist":["10.0.0.0/8","2001:db8::/32","10.1.2.3"]}"#)
            #expect(created.status == .created)
            #expect(created.json["ipAllowlist"] == .array([.string("10.0.0.0/8"), .string("2001:db8::/32"), .string("10.1.2.3/32")]))
            let key = try #require(created.string("key"))
            let id = try #require(created.string("id"))
            #expect(try await api.verify(key, extra: #","ip":"10.20.30.40""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","ip":"2001:db8:1::9""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","ip":"192.0.2.1""#).code == "IP_NOT_ALLOWED")
            #expect(try await api.verify(key).code == "IP_NOT_ALLOWED")
            #expect(try await api.get("/v1/keys/\(id)").json["ipAllowlist"]?.arrayValue?.count == 3)
            // Cleared with an empty list (or null): any address again.
            #expect(try await api.send(.patch, "/v1/keys/\(id)", json: #"{"ipAllowlist":[]}"#).status == .ok)
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.send(.patch, "/v1/keys/\(id)", json: #"{"ipAllowlist":["192.0.2.0/24"]}"#).status == .ok)
            #expect(try await api.verify(key, extra: #","ip":"192.0.2.200""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","ip":"10.0.0.1""#).code == "IP_NOT_ALLOWED")

            await server.built.engine.auditRecorder.flush()
            let refused = try await AuditRoutesTests.entries(api, "&action=verification.ip_not_allowed")
            #expect(refused.count == 3)
            #expect(refused.allSatisfy { $0["target"] == .string(id) })
        }
    }

    @Test("keyspace allowlists are the default of new keys; a key's own list wins")
    func keyspaceDefault() async throws {
        try await TestServer.run { _, api in
            let keyspace = try await api.post("/v1/keyspaces", #"{"name":"office","ipAllowlist":["198.51.100.0/24"]}"#)
            #expect(keyspace.json["ipAllowlist"] == .array([.string("198.51.100.0/24")]))
            let inherited = try await api.post("/v1/keys", #"{"keyspace":"office"}"#)
            #expect(inherited.json["ipAllowlist"] == .array([.string("198.51.100.0/24")]))
            let own = try await api.post("/v1/keys", #"{"keyspace":"office","ipAllowlist":["203.0.113.0/24"]}"#)
            #expect(own.json["ipAllowlist"] == .array([.string("203.0.113.0/24")]))
            let open = try await api.post("/v1/keys", #"{"keyspace":"office","ipAllowlist":[]}"#)
            #expect(open.json["ipAllowlist"] == .array([]))
            #expect(try await api.send(.patch, "/v1/keyspaces/office", json: #"{"ipAllowlist":null}"#).json["ipAllowlist"] == .array([]))
        }
    }

    @Test(
        "a bad range is a 400 naming the item and what is wrong",
        arguments: [
            (#"["10.0.0.0/33"]"#, "ipAllowlist[0]"), (#"["10.0.0.1","bad"]"#, "ipAllowlist[1]"), (#""10.0.0.0/8""#, "ipAllowlist"),
            (#"[5]"#, "ipAllowlist[0]"),
        ])
    func badRanges(_ list: String, _ field: String) async throws {
        try await TestServer.run { _, api in
            _ = try await api.keyspace("bad")
            let answer = try await api.post("/v1/keys", #"{"keyspace":"bad","ipAllowlist":\#(list)}"#)
            #expect(answer.status == .badRequest)
            #expect(answer.json["field"] == .string(field))
            #expect(try await api.get("/v1/keys").items.isEmpty)
        }
    }

    @Test("at /v1/auth: 403 IP_NOT_ALLOWED for the socket peer, and behind a trusted proxy for the client it names")
    func gateway() async throws {
        let trusted = [try IPRange(parsing: "127.0.0.0/8", field: "--trusted-proxy")]
        try await TestServer.run(.live, configure: { $0.trustedProxies = trusted }) { _, api in
            _ = try await api.keyspace("edge")
            let (key, _) = try await api.key(in: "edge", extra: #","ipAllowlist":["198.51.100.0/24"]"#)
            let bearer: HTTPFields = [.authorization: "Bearer \(key)"]
            // The peer is 127.0.0.1: not on the list.
            let refused = try await api.auth(bearer)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[HTTPField.Name("X-Keyward-Code")!] == "IP_NOT_ALLOWED")
            var forwarded = bearer
            forwarded[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.77"
            #expect(try await api.auth(forwarded).status == .ok)
            forwarded[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.77, 203.0.113.5"
            #expect(try await api.auth(forwarded).status == .forbidden)
        }
    }
}
