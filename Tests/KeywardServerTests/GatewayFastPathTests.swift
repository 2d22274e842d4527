import Foundation
import HTTPTypes
import KeywardCore
import KeywardServer
import Testing

/// `/v1/auth` answered on the event loop (`GatewayFastPath`), over real
/// loopback connections: the router's path is what `.router` tests see.
@Suite("The gateway's fast path")
struct GatewayFastPathTests {
    /// Every control but a quota: a quota's lease is reserved in the background
    /// from the store, a little at a time while a key's pace is unknown, and a
    /// request that finds it spent goes to the router until it comes (the load
    /// runs of docs/benchmarks.md carry a quota, at a pace that keeps it in hand).
    static let controls = #","owner":"acme","scopes":["docs:read"],"ipAllowlist":["127.0.0.0/8"],"ratelimits":["100/1m","1000/1h:owner"]"#

    /// `keyward_verifications_from_memory_total` now.
    static func fromMemory(_ api: APIDriver) async throws -> Double {
        try #require(MetricsTests.sample("keyward_verifications_from_memory_total", in: try await api.get("/metrics").text))
    }

    /// The answer's fields, without `Date` (a clock's, not the answer's).
    static func fields(_ answer: String) -> [String] {
        answer.components(separatedBy: "\r\n").dropFirst().filter { !$0.hasPrefix("Date: ") }.sorted()
    }

    /// A live server with a key with `controls`, used once (so it is cached),
    /// and a new raw connection to it; `before`: `fromMemory` then.
    static func withCachedKey(
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (_ api: APIDriver, _ key: String, _ connection: RawConnection, _ before: Double) async throws -> Void
    ) async throws {
        try await TestServer.run(.live, configure: configure) { _, api in
            _ = try await api.keyspace("cached")
            let (key, _) = try await api.key(in: "cached", extra: Self.controls)
            #expect(try await api.auth([.authorization: "Bearer \(key)", GatewayTests.scopes: "docs:read"]).status == .ok)
            let before = try await Self.fromMemory(api)
            let connection = try RawConnection(port: try #require(api.client.port))
            defer { connection.close() }
            try await body(api, key, connection, before)
        }
    }

    static func request(_ key: String, extra: String = "") -> String {
        "GET /v1/auth HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(key)\r\nX-Keyward-Scopes: docs:read\r\n\(extra)\r\n"
    }

    @Test("a cached key's answer comes from memory, and is the router's answer field for field")
    func sameAnswer() async throws {
        try await TestServer.run(.live) { _, api in
            _ = try await api.keyspace("fast")
            let (key, id) = try await api.key(in: "fast", extra: Self.controls)
            let port = try #require(api.client.port)
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            // The first use reads the key from the store, through the router.
            try connection.send(Self.request(key))
            let throughRouter = try #require(try await connection.receiveAnswers(1).first)
            let before = try await Self.fromMemory(api)
            try connection.send(Self.request(key))
            let fromMemory = try #require(try await connection.receiveAnswers(1).first)
            #expect(try await Self.fromMemory(api) == before + 1, "the second answer did not come from memory")

            #expect(fromMemory.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(fromMemory.contains("X-Keyward-Key-Id: \(id)\r\n"))
            #expect(Self.fields(fromMemory).contains("Content-Length: 0") && Self.fields(fromMemory).contains("Server: Keyward"), "\(fromMemory)")
            #expect(fromMemory.contains("RateLimit-Remaining: 98\r\n"), "the second use was not charged: \(fromMemory)")
            let dated = fromMemory.components(separatedBy: "\r\n").first { $0.hasPrefix("Date: ") }
            #expect(dated?.hasSuffix(" GMT") == true && dated?.count == "Date: Sun, 06 Nov 1994 08:49:37 GMT".count)
            // The router's answer had one more use left; everything else is alike.
            let routerFields = Self.fields(throughRouter).map { $0 == "RateLimit-Remaining: 99" ? "RateLimit-Remaining: 98" : $0 }
            #expect(routerFields == Self.fields(fromMemory))

            // A refusal from memory: the scope query the key does not satisfy.
            try connection.send(Self.request(key).replacingOccurrences(of: "docs:read", with: "docs:write"))
            let refused = try #require(try await connection.receiveAnswers(1).first)
            #expect(refused.hasPrefix("HTTP/1.1 403 Forbidden\r\n") && refused.contains("X-Keyward-Code: INSUFFICIENT_SCOPE\r\n"))
            #expect(try await Self.fromMemory(api) == before + 2)
        }
    }

    @Test("answers leave in the order their requests came, a slow one in front included")
    func order() async throws {
        try await Self.withCachedKey(configure: { $0.sourceBlocking.guessDelayMilliseconds = 300 }) { api, key, connection, before in
            let guess = APIKey.generate(prefix: .defaultKeyspace).secret
            // A guess waits 300 ms for its answer, through the router; the cached key
            // behind it on the same connection could be answered at once, and must not be.
            try connection.send(Self.request(guess) + Self.request(key))
            let answers = try await connection.receiveAnswers(2)
            #expect(answers.count == 2)
            #expect(answers.first?.contains("X-Keyward-Code: NOT_FOUND\r\n") == true, "first answer: \(answers.first ?? "none")")
            #expect(answers.last?.contains("X-Keyward-Code: VALID\r\n") == true, "second answer: \(answers.last ?? "none")")
        }
    }

    @Test("a body sent to /v1/auth is dropped, and the request behind it is read whole")
    func body() async throws {
        try await Self.withCachedKey { api, key, connection, before in
            let sized = Self.request(key, extra: "Content-Length: 11\r\n").replacingOccurrences(of: "GET", with: "POST") + "hello world"
            let chunked =
                Self.request(key, extra: "Transfer-Encoding: chunked\r\n").replacingOccurrences(of: "GET", with: "PUT")
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
            try connection.send(sized + chunked + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            var answers = try await connection.receiveAnswers(3)
            // /healthz has a body, which the count of blank lines does not include.
            if answers.count == 4 { answers.removeLast() }
            #expect(answers.count == 3)
            #expect(answers.prefix(2).allSatisfy { $0.contains("X-Keyward-Code: VALID\r\n") }, "\(answers)")
            #expect(answers.last?.hasPrefix("HTTP/1.1 200 OK") == true && answers.last?.contains("X-Keyward-Code") == false)
            #expect(try await Self.fromMemory(api) == before + 2)
        }
    }

    @Test("Connection: close is answered by the router, which closes the connection")
    func close() async throws {
        try await Self.withCachedKey { api, key, connection, before in
            try connection.send(Self.request(key, extra: "Connection: close\r\n"))
            let answers = try await connection.receiveAnswers(2)
            #expect(answers.count == 1 && answers.first?.contains("X-Keyward-Code: VALID\r\n") == true)
            #expect(try await connection.receive().isEmpty, "the connection is still open")
            #expect(try await Self.fromMemory(api) == before)
        }
    }

    @Test("thousands of pipelined requests, read late, are all answered, in order, whichever path each took")
    func pipelined() async throws {
        try await TestServer.run(.live) { _, api in
            _ = try await api.keyspace("piped")
            let (first, firstID) = try await api.key(in: "piped")
            let (second, secondID) = try await api.key(in: "piped")
            for key in [first, second] { #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .ok) }
            let connection = try RawConnection(port: try #require(api.client.port))
            defer { connection.close() }
            // About 0.5 MB of requests and 1.2 MB of answers: more than a socket takes
            // unread, so the server sees its socket full and hands requests to the router.
            let count = 4_000
            let keys = (0..<count).map { $0 % 2 == 0 ? first : second }
            async let sent: Void = connection.sendFromAnotherThread(
                keys.map { "GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: \($0)\r\n\r\n" }.joined())
            try await Task.sleep(for: .milliseconds(300))
            let answers = try await connection.receiveAnswers(count)
            try await sent
            #expect(answers.count == count)
            let ids = answers.map { answer in
                answer.components(separatedBy: "\r\n").first { $0.hasPrefix("X-Keyward-Key-Id: ") }?.dropFirst("X-Keyward-Key-Id: ".count)
            }
            let expected = (0..<count).map { $0 % 2 == 0 ? firstID : secondID }
            #expect(ids.map { $0.map(String.init) } == expected, "answers out of order or missing")
        }
    }

    /// `rounds` requests for `key` on each of `connections` connections at once
    /// (spread over the server's event loops); the codes they got, counted.
    /// Each connection talks on its own thread: Dispatch's few threads, all
    /// blocked in `recv`, would leave the sends behind them waiting.
    static func parallel(_ port: Int, key: String, connections: Int, rounds: Int) async throws -> [String: Int] {
        let request = "GET /v1/auth HTTP/1.1\r\nHost: x\r\nX-API-Key: \(key)\r\n\r\n"
        return try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<connections {
                group.addTask {
                    try await withCheckedThrowingContinuation { continuation in
                        Thread.detachNewThread {
                            continuation.resume(with: Result { try RawConnection.converse(port: port, Array(repeating: request, count: rounds)) })
                        }
                    }
                }
            }
            var counted: [String: Int] = [:]
            for try await answers in group {
                for answer in answers {
                    let code = answer.components(separatedBy: "\r\n").first { $0.hasPrefix("X-Keyward-Code: ") }?.dropFirst(16)
                    counted[code.map(String.init) ?? "?", default: 0] += 1
                }
            }
            return counted
        }
    }

    @Test("64 connections at once on one key: a 100/1h limit and a quota of 50 let exactly that many through, from memory or not")
    func exactUnderConcurrency() async throws {
        try await TestServer.run(.live) { _, api in
            _ = try await api.keyspace("raced")
            let (limited, _) = try await api.key(in: "raced", extra: #","ratelimits":["100/1h"]"#)
            let (metered, _) = try await api.key(in: "raced", extra: #","quota":{"remaining":50}"#)
            let port = try #require(api.client.port)
            // The first use of each is read from the store; the rest race on two event loops.
            for key in [limited, metered] { #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .ok) }
            let before = try await Self.fromMemory(api)
            #expect(try await Self.parallel(port, key: limited, connections: 64, rounds: 3) == ["VALID": 99, "RATE_LIMITED": 93])
            #expect(try await Self.parallel(port, key: metered, connections: 64, rounds: 2) == ["VALID": 49, "USAGE_EXCEEDED": 79])
            #expect(try await Self.fromMemory(api) > before + 100, "the race did not run on the fast path")
        }
    }

    @Test("on the fast path a forged X-Forwarded-For from an untrusted peer changes nothing, and a trusted proxy's names the client")
    func forwarded() async throws {
        for (proxies, code) in [("10.0.0.0/8", "IP_NOT_ALLOWED"), ("127.0.0.0/8", "VALID")] {
            let trusted = [try IPRange(parsing: proxies, field: "--trusted-proxy")]
            try await TestServer.run(.live, configure: { $0.trustedProxies = trusted }) { _, api in
                _ = try await api.keyspace("proxied")
                let (key, _) = try await api.key(in: "proxied", extra: #","ipAllowlist":["203.0.113.7/32"]"#)
                let forwarded: HTTPFields = [.authorization: "Bearer \(key)", HTTPField.Name("X-Forwarded-For")!: "203.0.113.7"]
                #expect(try await api.auth(forwarded).headers[GatewayTests.code] == code)
                let before = try await Self.fromMemory(api)
                #expect(try await api.auth(forwarded).headers[GatewayTests.code] == code, "trusted proxies \(proxies)")
                #expect(try await Self.fromMemory(api) == before + 1)
            }
        }
    }
}
