import Foundation
import HTTPTypes
import KeywardCore
import KeywardTesting
import Testing

@Suite("Key rotation")
struct RotationTests {
    @Test("a rotated key stays VALID for its grace, then EXPIRED; the successor has its settings and a new key")
    func grace() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("rolling")
            let (old, oldID) = try await api.key(
                in: "rolling", extra: #","owner":"acme","name":"ci","scopes":["docs:read"],"ipAllowlist":["10.0.0.0/8"],"meta":{"plan":"pro"}"#)
            let rotated = try await api.post("/v1/keys/\(oldID)/rotate", #"{"gracePeriod":"1h"}"#)
            #expect(rotated.status == .created)
            let new = try #require(rotated.string("key"))
            let newID = try #require(rotated.string("id"))
            #expect(new != old)
            #expect(rotated.json["rotatedFrom"] == .string(oldID))
            #expect(rotated.json["owner"] == .string("acme"))
            #expect(rotated.json["scopes"] == .array([.string("docs:read")]))
            #expect(rotated.json["ipAllowlist"] == .array([.string("10.0.0.0/8")]))
            #expect(rotated.json["meta"] == .object(["plan": .string("pro")]))
            #expect(try await api.get("/v1/keys/\(oldID)").json["rotatedTo"] == .string(newID))
            let ip = #","ip":"10.1.1.1""#
            #expect(try await api.verify(old, extra: ip).code == "VALID")
            #expect(try await api.verify(new, extra: ip).code == "VALID")
            server.clock.advance(by: 3_601)
            #expect(try await api.verify(old, extra: ip).code == "EXPIRED")
            #expect(try await api.verify(new, extra: ip).code == "VALID")
            // Rotating again is a 409: the old key is no longer active, and was rotated.
            #expect(try await api.post("/v1/keys/\(oldID)/rotate", "{}").status == .conflict)

            let entries = try await AuditRoutesTests.entries(api, "&action=key.rotate")
            #expect(entries.count == 1)
            #expect(entries.first?["target"] == .string(oldID))
            #expect(entries.first?["details"]?.objectValue?["newKeyId"] == .string(newID))
        }
    }

    @Test("grace 0 ends the old key at once; the default grace is 24 hours; a revoked key is a 409; bad grace is a 400")
    func edges() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("edges", extra: #","maxLifetime":"30d""#)
            let (leaked, leakedID) = try await api.key(in: "edges")
            #expect(try await api.post("/v1/keys/\(leakedID)/rotate", #"{"gracePeriod":"0"}"#).status == .created)
            #expect(try await api.verify(leaked).code == "EXPIRED")

            let (kept, keptID) = try await api.key(
                in: "edges", extra: #","expiresAt":"\#(Timestamp.format(server.clock.now().addingTimeInterval(7 * 86_400)))""#)
            let successor = try await api.post("/v1/keys/\(keptID)/rotate", "")
            #expect(successor.status == .created)
            // The successor lives as long as the old key was meant to (7 days), from now.
            let expiry = try #require(successor.string("expiresAt").flatMap { try? Timestamp.parse($0) })
            #expect(abs(expiry.timeIntervalSince(server.clock.now()) - 7 * 86_400) < 1)
            server.clock.advance(by: 86_399)
            #expect(try await api.verify(kept).code == "VALID")
            server.clock.advance(by: 2)
            #expect(try await api.verify(kept).code == "EXPIRED")

            let (_, revokedID) = try await api.key(in: "edges")
            #expect(try await api.post("/v1/keys/\(revokedID)/revoke", "{}").status == .ok)
            #expect(try await api.post("/v1/keys/\(revokedID)/rotate", "{}").code == "CONFLICT")
            let bad = try await api.post("/v1/keys/\(revokedID)/rotate", #"{"gracePeriod":"soon"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.json["field"] == .string("gracePeriod"))
            #expect(try await api.post("/v1/keys/key_nothing/rotate", "{}").status == .notFound)
        }
    }
}
