import Foundation
import HTTPTypes
import KeywardCore
import KeywardTesting
import Testing

@Suite("Rate limits over HTTP")
struct RateLimitRoutesTests {
    static let code = HTTPField.Name("X-Keyward-Code")!
    static let limitHeader = HTTPField.Name("RateLimit-Limit")!
    static let remainingHeader = HTTPField.Name("RateLimit-Remaining")!
    static let resetHeader = HTTPField.Name("RateLimit-Reset")!

    /// `count` verifications at once; the codes they got, counted.
    static func parallel(_ api: APIDriver, _ keys: [String], count: Int, extra: String = "") async throws -> [String: Int] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<count {
                group.addTask { try await api.verify(keys[index % keys.count], extra: extra).code ?? "?" }
            }
            var codes: [String: Int] = [:]
            for try await code in group { codes[code, default: 0] += 1 }
            return codes
        }
    }

    @Test("with 64 concurrent callers a 100/1h limit lets exactly 100 through")
    func exactUnderConcurrency() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("busy")
            let (key, _) = try await api.key(in: "busy", extra: #","ratelimits":["100/1h"]"#)
            var codes: [String: Int] = [:]
            for _ in 0..<3 {
                codes.merge(try await Self.parallel(api, [key], count: 64), uniquingKeysWith: +)
            }
            #expect(codes == ["VALID": 100, "RATE_LIMITED": 92])
        }
    }

    @Test("an owner limit is one budget for every key of that owner; other owners and keys without one count alone")
    func ownerShared() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("shop")
            var acme: [String] = []
            for _ in 0..<5 { acme.append(try await api.key(in: "shop", extra: #","owner":"acme","ratelimits":["20/1h:owner"]"#).key) }
            let (other, _) = try await api.key(in: "shop", extra: #","owner":"globex","ratelimits":["20/1h:owner"]"#)
            let (ownerless, _) = try await api.key(in: "shop", extra: #","ratelimits":["20/1h:owner"]"#)
            #expect(try await Self.parallel(api, acme, count: 64) == ["VALID": 20, "RATE_LIMITED": 44])
            #expect(try await Self.parallel(api, [other], count: 30) == ["VALID": 20, "RATE_LIMITED": 10])
            #expect(try await Self.parallel(api, [ownerless], count: 30) == ["VALID": 20, "RATE_LIMITED": 10])
        }
    }

    @Test("the verify answer reports each limit; /v1/auth sends RateLimit-* for the tightest and Retry-After on a 429")
    func headersAndAnswer() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("metered")
            let (key, _) = try await api.key(in: "metered", extra: #","ratelimits":["3/1m",{"name":"hourly","limit":100,"window":"1h"}]"#)
            let first = try await api.verify(key)
            #expect(first.code == "VALID")
            let limits = (first.json["ratelimits"]?.arrayValue ?? []).compactMap { $0.objectValue }
            #expect(limits.map { $0["name"] } == [.string("3/1m"), .string("hourly")])
            #expect(limits.map { $0["remaining"] } == [.number(2), .number(99)])
            #expect(limits.map { $0["limit"] } == [.number(3), .number(100)])
            #expect(first.json["remaining"] == nil, "a key without a quota has no remaining")

            let ok = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(ok.status == .ok)
            #expect(ok.headers[Self.limitHeader] == "3")
            #expect(ok.headers[Self.remainingHeader] == "1")
            #expect(ok.headers[Self.resetHeader] == "61")
            _ = try await api.auth([.authorization: "Bearer \(key)"])
            server.clock.advance(by: 20)
            let refused = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[Self.code] == "RATE_LIMITED")
            #expect(refused.headers[.retryAfter] == "41")
            #expect(refused.headers[Self.remainingHeader] == "0")
            #expect(try await api.verify(key).code == "RATE_LIMITED")
            // A refused request is not charged: the hourly limit still counts three.
            server.clock.advance(by: 41)
            let again = try await api.verify(key)
            #expect(again.code == "VALID")
            #expect(again.json["ratelimits"]?.arrayValue?.last?.objectValue?["remaining"] == .number(96))

            // The refusals are one audit entry per key, source, code and minute, with the count.
            server.clock.advance(by: 60)
            await server.built.engine.auditRecorder.flush()
            let refusals = try await AuditRoutesTests.entries(api, "&action=verification.rate_limited")
            #expect(!refusals.isEmpty && refusals.count <= 2, "both refusals came from 127.0.0.1, in at most two minutes")
            #expect(refusals.allSatisfy { $0["target"] == first.json["keyId"] && $0["sourceIp"] == .string("127.0.0.1") })
            let counted = refusals.compactMap { $0["details"]?.objectValue?["count"]?.intValue }
            #expect(counted.reduce(0, +) == 2)

            // A key without limits gets no RateLimit headers.
            let (plain, _) = try await api.key(in: "metered")
            #expect(try await api.auth([.authorization: "Bearer \(plain)"]).headers[Self.limitHeader] == nil)
        }
    }

    @Test("cost is charged in full or not at all, from the body or X-Keyward-Cost; a bad cost is a 400")
    func cost() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("costly")
            let (key, _) = try await api.key(in: "costly", extra: #","ratelimits":["10/1m"]"#)
            #expect(try await api.verify(key, extra: #","cost":7"#).code == "VALID")
            #expect(try await api.verify(key, extra: #","cost":4"#).code == "RATE_LIMITED")
            let three = try await api.auth([.authorization: "Bearer \(key)", HTTPField.Name("X-Keyward-Cost")!: "3"])
            #expect(three.status == .ok)
            #expect(three.headers[Self.remainingHeader] == "0")
            #expect(try await api.verify(key, extra: #","cost":0"#).code == "VALID")
            let bad = try await api.auth([.authorization: "Bearer \(key)", HTTPField.Name("X-Keyward-Cost")!: "-1"])
            #expect(bad.status == .badRequest)
            #expect(bad.headers[Self.code] == "INVALID_FIELD")
            #expect(try await api.verify(key, extra: #","cost":2000000"#).status == .badRequest)
        }
    }

    @Test("the window slides: uses leave it one window (and at most a sixtieth more) after they were made")
    func slides() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("sliding")
            let (key, _) = try await api.key(in: "sliding", extra: #","ratelimits":["2/1m"]"#)
            #expect(try await api.verify(key).code == "VALID")
            server.clock.advance(by: 30)
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.verify(key).code == "RATE_LIMITED")
            server.clock.advance(by: 31)
            // The first use left the window; the second has not.
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.verify(key).code == "RATE_LIMITED")
        }
    }

    @Test("keyspace limits are the defaults of new keys; a rotation's successor takes over the state; a PATCH changes a limit and keeps the count")
    func defaultsAndRotation() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("defaults", extra: #","ratelimits":[{"name":"hourly","limit":2,"window":"1h"}]"#)
            let (key, id) = try await api.key(in: "defaults")
            let record = try await api.get("/v1/keys/\(id)")
            #expect(
                record.json["ratelimits"]
                    == .array([.object(["name": .string("hourly"), "limit": .number(2), "window": .string("1h"), "per": .string("key")])]))
            #expect(try await api.verify(key).code == "VALID")
            let rotated = try await api.post("/v1/keys/\(id)/rotate", #"{"gracePeriod":"1h"}"#)
            let successor = try #require(rotated.string("key"))
            // One use of the old key and one of the new one spend the same budget.
            #expect(try await api.verify(successor).code == "VALID")
            #expect(try await api.verify(successor).code == "RATE_LIMITED")
            #expect(try await api.verify(key).code == "RATE_LIMITED")

            let newID = try #require(rotated.string("id"))
            let patched = try await api.send(.patch, "/v1/keys/\(newID)", json: #"{"ratelimits":[{"name":"hourly","limit":5,"window":"1h"}]}"#)
            #expect(patched.status == .ok)
            // A larger limit of the same name and window keeps what was counted: three more of five.
            for _ in 0..<3 { #expect(try await api.verify(successor).code == "VALID") }
            #expect(try await api.verify(successor).code == "RATE_LIMITED")
            #expect(try await api.send(.patch, "/v1/keys/\(newID)", json: #"{"ratelimits":null}"#).json["ratelimits"] == .array([]))
        }
    }

    @Test("a count forgotten while idle is not charged through a key that still remembers it: an owner's keys share the one made after")
    func sweptCountsStayShared() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("swept")
            let (first, _) = try await api.key(in: "swept", extra: #","owner":"acme","ratelimits":["2/1m:owner"]"#)
            let (second, _) = try await api.key(in: "swept", extra: #","owner":"acme","ratelimits":["2/1m:owner"]"#)
            let (filler, _) = try await api.key(in: "swept", extra: #","ratelimits":["1000000/1h"]"#)
            #expect(try await api.verify(first).code == "VALID")
            // The owner's count goes idle; enough admits for a sweep (every 4,096) forget it.
            server.clock.advance(by: 180)
            #expect(try await Self.parallel(api, [filler], count: 4_096) == ["VALID": 4_096])
            #expect(try await api.verify(second).code == "VALID")
            #expect(try await api.verify(first).code == "VALID")
            #expect(try await api.verify(second).code == "RATE_LIMITED")
            #expect(try await api.verify(first).code == "RATE_LIMITED")
        }
    }
}
