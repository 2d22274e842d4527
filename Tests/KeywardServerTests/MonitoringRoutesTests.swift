import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("Usage and alert routes")
struct MonitoringRoutesTests {
    @Test("GET /v1/keys/{id}/usage answers every bucket of the range with counts by outcome, per key and per keyspace")
    func usage() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("metered")
            let (key, id) = try await api.key(in: "metered")
            let (other, _) = try await api.key(in: "metered")
            let afterCreation = server.seen.all.count
            for _ in 0..<3 { #expect(try await api.verify(key).code == "VALID") }
            #expect(try await api.verify(other).code == "VALID")
            _ = try await api.post("/v1/keys/\(id)/revoke", "{}")
            #expect(try await api.verify(key).code == "REVOKED")
            await server.built.engine.usage.flush()

            let answer = try await api.get("/v1/keys/\(id)/usage?granularity=hour")
            #expect(answer.status == .ok)
            #expect(answer.string("keyId") == id)
            #expect(answer.string("granularity") == "hour")
            let buckets = answer.json["buckets"]?.arrayValue ?? []
            #expect(buckets.count == 25, "24 hours back from now, rounded out to whole hours")
            let last = buckets.last?.objectValue?["counts"]?.objectValue
            #expect(last == ["VALID": .number(3), "REVOKED": .number(1)])
            #expect(buckets.dropLast().allSatisfy { $0.objectValue?["counts"] == .object([:]) })

            let keyspace = try await api.get("/v1/keyspaces/metered/usage?granularity=day")
            #expect(keyspace.status == .ok)
            let days = keyspace.json["buckets"]?.arrayValue ?? []
            let valid = days.compactMap { $0.objectValue?["counts"]?.objectValue?["VALID"] }
            #expect(valid == [.number(4)])
            let leaked = server.seen.all.dropFirst(afterCreation).contains { $0.contains(key) }
            #expect(!leaked, "a usage answer holds a plaintext key")
        }
    }

    @Test("bad usage queries are 400s naming the parameter; an unknown key is a 404")
    func badUsageQueries() async throws {
        try await TestServer.run { _, api in
            _ = try await api.keyspace("metered")
            let (_, id) = try await api.key(in: "metered")
            for (query, field) in [
                ("granularity=week", "granularity"), ("from=yesterday", "from"), ("to=2026-13-01T00:00:00Z", "to"),
                ("from=2026-09-22T00:00:00Z&to=2026-09-21T00:00:00Z", "from"), ("from=2026-01-01T00:00:00Z&granularity=minute", "from"),
            ] {
                let answer = try await api.get("/v1/keys/\(id)/usage?\(query)")
                #expect(answer.status == .badRequest, "\(query)")
                #expect(answer.string("field") == field, "\(query)")
            }
            #expect(try await api.get("/v1/keys/key_0000000000000000000000/usage").status == .notFound)
            #expect(try await api.get("/v1/keyspaces/none/usage").status == .notFound)
        }
    }

    @Test("alerts list newest first, filter by open and type, and an acknowledgement is audited once")
    func alertsAndAck() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("watched")
            let (key, id) = try await api.key(in: "watched")
            let afterCreation = server.seen.all.count
            _ = try await api.post("/v1/leaks", #"{"keys":["\#(key)"],"source":"pastebin"}"#)
            _ = try await api.verify(key)
            _ = try await api.verify(key)
            await server.built.engine.usage.flush()

            let list = try await api.get("/v1/alerts")
            #expect(list.status == .ok)
            let items = list.json["items"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(items.map { $0["type"] } == [.string("key.revoked_use"), .string("key.leaked")])
            #expect(items.allSatisfy { $0["keyId"] == .string(id) && $0["acknowledged"] == .bool(false) })
            #expect(items.first?["count"] == .number(2))
            #expect(items.last?["severity"] == .string("critical"))
            let leakedID = try #require(items.last?["id"]?.stringValue)

            let ack = try await api.post("/v1/alerts/\(leakedID)/ack", "")
            #expect(ack.status == .ok)
            #expect(ack.json["acknowledged"] == .bool(true))
            #expect(try await api.post("/v1/alerts/\(leakedID)/ack", "").status == .ok)
            let open = try await api.get("/v1/alerts?open=true").json["items"]?.arrayValue ?? []
            #expect(open.count == 1)
            let spikes = try await api.get("/v1/alerts?type=key.rate_spike").json["items"]?.arrayValue ?? []
            #expect(spikes.isEmpty)
            #expect(try await api.get("/v1/alerts?type=nonsense").string("field") == "type")
            #expect(try await api.post("/v1/alerts/alr_missing/ack", "").status == .notFound)

            let audit = try await api.get("/v1/audit?action=alert.acknowledge").json["items"]?.arrayValue ?? []
            #expect(audit.count == 1, "the second acknowledgement changed nothing and wrote nothing")
            #expect(audit.first?.objectValue?["target"] == .string(leakedID))
            let leaked = server.seen.all.dropFirst(afterCreation).contains { $0.contains(key) }
            #expect(!leaked, "an answer holds the plaintext key")
        }
    }

    @Test("alerts need alerts:read, acknowledging alerts:write; keys:read cannot see them")
    func scopes() async throws {
        try await TestServer.run { _, api in
            let reader = try #require(try await api.post("/v1/tokens", #"{"scopes":["alerts:read"]}"#).string("token"))
            let keys = try #require(try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).string("token"))
            #expect(try await api.with(token: reader).get("/v1/alerts").status == .ok)
            #expect(try await api.with(token: reader).post("/v1/alerts/alr_x/ack", "").status == .forbidden)
            #expect(try await api.with(token: keys).get("/v1/alerts").status == .forbidden)
        }
    }
}
