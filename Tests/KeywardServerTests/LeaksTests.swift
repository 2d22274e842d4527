import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("POST /v1/leaks")
struct LeaksTests {
    @Test("each known key is revoked once, whatever its state; the rest are counted")
    func revokesReportedKeys() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("exposed", extra: #","prefix":"acme_live""#)
            let (active, activeID) = try await api.key(in: "exposed")
            let (disabled, disabledID) = try await api.key(in: "exposed", extra: #","enabled":false"#)
            let (earlier, earlierID) = try await api.key(in: "exposed")
            let (untouched, _) = try await api.key(in: "exposed")
            _ = try await api.post("/v1/keys/\(earlierID)/revoke", #"{"reason":"rotated out"}"#)
            let unknown = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: "acme_live")).secret
            // A wrong checksum: the last character changed (to one it is not, or the key stays valid).
            let wrongChecksum = String(active.dropLast()) + (active.last == "x" ? "y" : "x")
            let keys = [active, active, disabled, earlier, unknown, "not-a-key", wrongChecksum]
            let body = #"{"keys":[\#(keys.map { "\"\($0)\"" }.joined(separator: ","))],"source":"github.com/acme/app@4f2c1e0"}"#

            let answer = try await api.post("/v1/leaks", body)
            #expect(answer.status == .ok)
            let revoked = Set(answer.json["revoked"]?.arrayValue?.compactMap { $0.objectValue?["id"] } ?? [])
            #expect(revoked == [.string(activeID), .string(disabledID)])
            #expect(answer.json["alreadyRevoked"]?.arrayValue?.first?.objectValue?["id"] == .string(earlierID))
            #expect(answer.json["notFound"] == .number(1))
            #expect(answer.json["malformed"] == .number(2))
            for key in keys { #expect(!answer.text.contains(key)) }

            for key in [active, disabled] { #expect(try await api.verify(key).code == "REVOKED") }
            #expect(try await api.verify(untouched).code == "VALID")
            let shown = try await api.get("/v1/keys/\(activeID)")
            #expect(shown.string("revokeReason") == "leaked: github.com/acme/app@4f2c1e0")
            // The first revocation stands: a leak report does not rewrite history.
            #expect(try await api.get("/v1/keys/\(earlierID)").string("revokeReason") == "rotated out")
            // A gateway sees the revocation at once (the cache was invalidated).
            #expect(try await api.auth([.authorization: "Bearer \(active)"]).status == .unauthorized)

            let again = try await api.post("/v1/leaks", #"{"keys":["\#(active)"]}"#)
            #expect(again.json["revoked"]?.arrayValue?.isEmpty == true)
            #expect(again.json["alreadyRevoked"]?.arrayValue?.count == 1)
            #expect(server.logs.text.contains(activeID))
            #expect(!server.logs.text.contains(active))
        }
    }

    @Test("needs leaks:report (or admin); keys:write alone is not enough")
    func scope() async throws {
        try await TestServer.run { server, api in
            let body = #"{"keys":["acme_live_x"]}"#
            for (scopes, status) in [(#"["keys:write"]"#, HTTPResponse.Status.forbidden), (#"["leaks:report"]"#, .ok)] {
                let minted = try await api.post("/v1/tokens", #"{"scopes":\#(scopes)}"#)
                let token = try #require(minted.string("token"))
                #expect(try await api.with(token: token).post("/v1/leaks", body).status == status, "\(scopes)")
            }
            #expect(try await api.with(token: nil).post("/v1/leaks", body).status == .unauthorized)
        }
    }

    @Test(
        "a bad report is a 400 naming the field",
        arguments: [
            (#"{}"#, "keys"),
            (#"{"keys":[]}"#, "keys"),
            (#"{"keys":"acme_live_x"}"#, "keys"),
            (#"{"keys":[1]}"#, "keys[0]"),
            (#"{"keys":["a"],"source":7}"#, "source"),
            (#"{"keys":["a"],"revoke":false}"#, "revoke"),
        ])
    func badReports(body: String, field: String) async throws {
        try await TestServer.run { server, api in
            let answer = try await api.post("/v1/leaks", body)
            #expect(answer.status == .badRequest)
            #expect(answer.string("field") == field)
        }
    }

    @Test("more than 1000 keys in one report is refused")
    func tooMany() async throws {
        try await TestServer.run { server, api in
            let keys = Array(repeating: #""k""#, count: 1001).joined(separator: ",")
            let answer = try await api.post("/v1/leaks", #"{"keys":[\#(keys)]}"#)
            #expect(answer.status == .badRequest)
            #expect(answer.string("field") == "keys")
        }
    }
}
