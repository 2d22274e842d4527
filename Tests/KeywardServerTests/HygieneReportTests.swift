import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("GET /v1/reports/hygiene")
struct HygieneReportTests {
    /// The ids (or paths) listed in one section of a report.
    static func ids(_ report: APIAnswer, _ section: String) -> Set<String> {
        let items = report.json["sections"]?.objectValue?[section]?.arrayValue ?? []
        return Set(items.compactMap { $0.objectValue?["id"]?.stringValue ?? $0.objectValue?["path"]?.stringValue })
    }

    @Test("each section lists the active keys and secrets it names, with the manual clock; revoked keys are in none")
    func sections() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("app", extra: #","rotationPeriod":"30d""#)
            let scoped = #","scopes":["docs:read"]"#
            let (usedKey, used) = try await api.key(in: "app", extra: scoped + #","expiresAt":"2027-06-01T00:00:00Z""#)
            let (_, never) = try await api.key(in: "app", extra: scoped + #","expiresAt":"2027-06-01T00:00:00Z""#)
            let (_, open) = try await api.key(in: "app")
            let (_, revoked) = try await api.key(in: "app")
            _ = try await api.post("/v1/keys/\(revoked)/revoke", "{}")
            #expect(try await api.verify(usedKey).code == "VALID")
            await server.built.engine.usage.flush()
            _ = try await api.send(.put, "/v1/secrets/db/password", json: #"{"value":"correct-horse-battery","rotateEvery":"7d"}"#)
            _ = try await api.send(.put, "/v1/secrets/db/other", json: #"{"value":"not-leaked-at-all-1"}"#)
            _ = try await api.post("/v1/leaks", #"{"secrets":["not-leaked-at-all-1"],"source":"repo@abc:app.env"}"#)

            let fresh = try await api.get("/v1/reports/hygiene")
            #expect(fresh.status == .ok)
            #expect(fresh.string("unusedFor") == "30d")
            #expect(Self.ids(fresh, "stale").isEmpty)
            #expect(Self.ids(fresh, "neverUsed") == [never, open])
            #expect(Self.ids(fresh, "noExpiry") == [open])
            #expect(Self.ids(fresh, "unrestricted") == [open])
            #expect(Self.ids(fresh, "pastRotation").isEmpty)
            #expect(Self.ids(fresh, "overdueSecrets").isEmpty)
            #expect(Self.ids(fresh, "compromisedSecrets") == ["db/other"])
            #expect(Self.ids(fresh, "expiringSoon").isEmpty)

            // 31 days later (2026-10-23): stale, past rotation, overdue.
            server.clock.advance(by: 31 * 86_400)
            let later = try await api.get("/v1/reports/hygiene")
            #expect(Self.ids(later, "stale") == [used])
            #expect(Self.ids(later, "pastRotation") == [used, never, open])
            #expect(Self.ids(later, "overdueSecrets") == ["db/password"])
            #expect(try await api.get("/v1/reports/hygiene?unusedFor=90d").json["sections"]?.objectValue?["stale"]?.arrayValue?.isEmpty == true)
            let expiring = try await api.get("/v1/reports/hygiene?expiringWithin=300d")
            #expect(Self.ids(expiring, "expiringSoon") == [used, never])
            let all = Set(["stale", "neverUsed", "expiringSoon", "pastRotation", "noExpiry", "unrestricted"].flatMap { Self.ids(later, $0) })
            #expect(!all.contains(revoked))
            let neverItem = later.json["sections"]?.objectValue?["neverUsed"]?.arrayValue?.first?.objectValue
            #expect(neverItem?["ageDays"] == .number(31))
            #expect(neverItem?["keyspace"] == .string("app"))
            let leaked = later.text.contains(usedKey) || later.text.contains("correct-horse-battery")
            #expect(!leaked, "the report holds a key or a secret value")
        }
    }

    @Test("a bad duration is a 400 naming the parameter; the report needs reports:read")
    func badInputAndScope() async throws {
        try await TestServer.run { _, api in
            #expect(try await api.get("/v1/reports/hygiene?unusedFor=soon").string("field") == "unusedFor")
            #expect(try await api.get("/v1/reports/hygiene?expiringWithin=7").string("field") == "expiringWithin")
            let reader = try #require(try await api.post("/v1/tokens", #"{"scopes":["reports:read"]}"#).string("token"))
            let keys = try #require(try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).string("token"))
            #expect(try await api.with(token: reader).get("/v1/reports/hygiene").status == .ok)
            #expect(try await api.with(token: keys).get("/v1/reports/hygiene").status == .forbidden)
        }
    }
}
