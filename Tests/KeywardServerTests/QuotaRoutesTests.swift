import Foundation
import HTTPTypes
import KeywardCore
import KeywardTesting
import Testing

@Suite("Quotas over HTTP")
struct QuotaRoutesTests {
    static let code = HTTPField.Name("X-Keyward-Code")!

    @Test("uses count down to USAGE_EXCEEDED; remaining is what is left after this request; the record shows it")
    func countsDown() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("metered")
            let (key, id) = try await api.key(in: "metered", extra: #","quota":{"remaining":3}"#)
            #expect(try await api.verify(key).json["remaining"] == .number(2))
            #expect(try await api.verify(key, extra: #","cost":2"#).json["remaining"] == .number(0))
            let exceeded = try await api.verify(key)
            #expect(exceeded.code == "USAGE_EXCEEDED")
            #expect(exceeded.json["valid"] == .bool(false))
            #expect(exceeded.json["remaining"] == .number(0))
            #expect(try await api.get("/v1/keys/\(id)").json["quota"] == .object(["remaining": .number(0), "refill": .null]))
            // A quota that never refills sends no Retry-After.
            let gateway = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(gateway.status == .tooManyRequests)
            #expect(gateway.headers[Self.code] == "USAGE_EXCEEDED")
            #expect(gateway.headers[.retryAfter] == nil)
            // An operator tops it up.
            let topped = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"quota":{"remaining":1}}"#)
            #expect(topped.json["quota"]?.objectValue?["remaining"] == .number(1))
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.verify(key).code == "USAGE_EXCEEDED")
            #expect(try await api.send(.patch, "/v1/keys/\(id)", json: #"{"quota":null}"#).json["quota"] == .null)
            #expect(try await api.verify(key).code == "VALID")
        }
    }

    @Test("a change of the refill alone keeps every use left, those this node held reserved included")
    func refillChangeKeepsUses() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("kept")
            let (key, id) = try await api.key(in: "kept", extra: #","quota":{"remaining":100}"#)
            for _ in 0..<5 { #expect(try await api.verify(key).code == "VALID") }
            let changed = try await api.send(.patch, "/v1/keys/\(id)", json: #"{"quota":{"refill":{"amount":100,"interval":"monthly"}}}"#)
            #expect(changed.json["quota"]?.objectValue?["remaining"] == .number(95))
            #expect(try await api.verify(key).json["remaining"] == .number(94))
            #expect(try await api.get("/v1/keys/\(id)").json["quota"]?.objectValue?["remaining"] == .number(94))
        }
    }

    @Test("a quota is charged only when every other check passed")
    func chargedLast() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("last")
            let (key, id) = try await api.key(
                in: "last", extra: #","scopes":["docs:read"],"ipAllowlist":["10.0.0.0/8"],"ratelimits":["2/1h"],"quota":{"remaining":10}"#)
            #expect(try await api.verify(key, extra: #","ip":"192.0.2.1""#).code == "IP_NOT_ALLOWED")
            #expect(try await api.verify(key, extra: #","ip":"10.0.0.1","scopes":"admin""#).code == "INSUFFICIENT_SCOPE")
            #expect(try await api.verify(key, extra: #","ip":"10.0.0.1""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","ip":"10.0.0.1""#).code == "VALID")
            #expect(try await api.verify(key, extra: #","ip":"10.0.0.1""#).code == "RATE_LIMITED")
            #expect(try await api.get("/v1/keys/\(id)").json["quota"]?.objectValue?["remaining"] == .number(8))
            // And an exhausted quota does not spend the rate limits.
            let (spent, _) = try await api.key(in: "last", extra: #","ratelimits":["1/1h"],"quota":{"remaining":0}"#)
            #expect(try await api.verify(spent).code == "USAGE_EXCEEDED")
            let answer = try await api.verify(spent)
            #expect(answer.code == "USAGE_EXCEEDED")
            #expect(answer.json["ratelimits"]?.arrayValue?.first?.objectValue?["remaining"] == .number(1))
        }
    }

    @Test("64 concurrent callers on a quota of 50 get exactly 50 VALID answers, over two nodes' worth of leases")
    func exactUnderConcurrency() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("rush")
            let (key, id) = try await api.key(in: "rush", extra: #","quota":{"remaining":50}"#)
            var codes: [String: Int] = [:]
            for _ in 0..<2 {
                codes.merge(try await RateLimitRoutesTests.parallel(api, [key], count: 64), uniquingKeysWith: +)
            }
            #expect(codes == ["VALID": 50, "USAGE_EXCEEDED": 78])
            #expect(try await api.get("/v1/keys/\(id)").json["quota"]?.objectValue?["remaining"] == .number(0))
        }
    }

    @Test("a daily refill sets remaining back at 00:00 UTC, and Retry-After counts down to it")
    func refills() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("daily")
            let (key, id) = try await api.key(in: "daily", extra: #","quota":{"remaining":1,"refill":{"amount":5,"interval":"daily"}}"#)
            #expect(try await api.verify(key).code == "VALID")
            let refused = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(refused.headers[Self.code] == "USAGE_EXCEEDED")
            let now = server.clock.now()
            let midnight = try QuotaRefill(parsing: "5/day").nextRefill(after: now)
            #expect(refused.headers[.retryAfter] == String(Int(midnight.timeIntervalSince(now).rounded(.up))))
            server.clock.advance(by: midnight.timeIntervalSince(now))
            #expect(try await api.get("/v1/keys/\(id)").json["quota"]?.objectValue?["remaining"] == .number(5))
            #expect(try await api.verify(key).json["remaining"] == .number(4))
        }
    }

    @Test("a rotation's successor takes over the quota; uses of the old key in its grace spend it too")
    func rotation() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("rolling")
            let (old, oldID) = try await api.key(in: "rolling", extra: #","quota":{"remaining":4}"#)
            #expect(try await api.verify(old).code == "VALID")
            let rotated = try await api.post("/v1/keys/\(oldID)/rotate", #"{"gracePeriod":"1h"}"#)
            let new = try #require(rotated.string("key"))
            #expect(rotated.json["quota"]?.objectValue?["remaining"] == .number(3))
            #expect(try await api.verify(new).json["remaining"] == .number(2))
            #expect(try await api.verify(old).json["remaining"] == .number(1))
            #expect(try await api.verify(new).json["remaining"] == .number(0))
            #expect(try await api.verify(old).code == "USAGE_EXCEEDED")
        }
    }

    @Test("key rotationPeriod: key show says when a key is due and list ?overdue=true finds the overdue ones")
    func overdue() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("rotating", extra: #","rotationPeriod":"30d""#)
            let (_, id) = try await api.key(in: "rotating")
            let fresh = try await api.get("/v1/keys/\(id)")
            #expect(fresh.json["rotationOverdue"] == .bool(false))
            #expect(fresh.string("rotationDueAt") == Timestamp.format(server.clock.now().addingTimeInterval(30 * 86_400)))
            #expect(try await api.get("/v1/keys?overdue=true").items.isEmpty)
            server.clock.advance(by: 30 * 86_400)
            #expect(try await api.get("/v1/keys/\(id)").json["rotationOverdue"] == .bool(true))
            #expect(try await api.get("/v1/keys?overdue=true").items.compactMap { $0["id"] } == [.string(id)])
            #expect(try await api.get("/v1/keys?overdue=maybe").status == .badRequest)
            _ = try await api.post("/v1/keys/\(id)/rotate", #"{"gracePeriod":"0"}"#)
            #expect(try await api.get("/v1/keys?overdue=true").items.isEmpty)
        }
    }
}
