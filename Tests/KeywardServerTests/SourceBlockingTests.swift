import Foundation
import HTTPTypes
import KeywardCore
import KeywardEngine
import KeywardTesting
import Testing

@Suite("Source blocking")
struct SourceBlockingTests {
    static func verify(_ api: APIDriver, _ key: String, from ip: String) async throws -> String? {
        try await api.verify(key, extra: #","ip":"\#(ip)""#).code
    }

    @Test("more than 50 MALFORMED/NOT_FOUND in a minute block the source for 15 minutes, valid keys included; others go on")
    func blocks() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("guarded")
            let (valid, _) = try await api.key(in: "guarded")
            let attacker = "203.0.113.50"
            for index in 0..<50 {
                let guess = index % 2 == 0 ? "kw_nothing" : APIKey.generate(prefix: .defaultKeyspace).secret
                #expect(try await Self.verify(api, guess, from: attacker) != "SOURCE_BLOCKED")
            }
            // 50 failures: not yet. The 51st starts the block.
            #expect(try await Self.verify(api, valid, from: attacker) == "VALID")
            #expect(try await Self.verify(api, APIKey.generate(prefix: .defaultKeyspace).secret, from: attacker) == "NOT_FOUND")
            #expect(try await Self.verify(api, valid, from: attacker) == "SOURCE_BLOCKED")
            #expect(try await Self.verify(api, valid, from: "198.51.100.1") == "VALID")
            server.clock.advance(by: 899)
            #expect(try await Self.verify(api, valid, from: attacker) == "SOURCE_BLOCKED")
            server.clock.advance(by: 2)
            #expect(try await Self.verify(api, valid, from: attacker) == "VALID")

            await server.built.engine.auditRecorder.flush()
            let blocked = try await AuditRoutesTests.entries(api, "&action=source.*")
            #expect(blocked.compactMap { AuditRoutesTests.text($0["action"]) } == ["source.blocked", "source.unblocked"])
            #expect(blocked.allSatisfy { $0["target"] == .string(attacker) })
        }
    }

    @Test("with a guess delay, MALFORMED, NOT_FOUND and SOURCE_BLOCKED answers leave late; VALID and REVOKED ones do not")
    func guessDelay() async throws {
        let delay = Duration.milliseconds(400)
        try await TestServer.run(configure: { $0.sourceBlocking = SourceBlocker.Policy(failures: 3, guessDelayMilliseconds: 400) }) { server, api in
            _ = try await api.keyspace("slowed")
            let (valid, _) = try await api.key(in: "slowed")
            let (revoked, revokedID) = try await api.key(in: "slowed")
            #expect(try await api.post("/v1/keys/\(revokedID)/revoke", "{}").status == .ok)
            let clock = ContinuousClock()
            for (guess, code) in [("kw_nothing", "MALFORMED"), (APIKey.generate(prefix: .defaultKeyspace).secret, "NOT_FOUND")] {
                var answer: String?
                let elapsed = try await clock.measure { answer = try await Self.verify(api, guess, from: "192.0.2.1") }
                #expect(answer == code)
                #expect(elapsed >= delay, "\(code) left after \(elapsed)")
            }
            // Eight answers held back would take 3.2 s at least.
            for (key, code) in [(valid, "VALID"), (revoked, "REVOKED")] {
                var answers: [String?] = []
                let elapsed = try await clock.measure {
                    for _ in 0..<8 { answers.append(try await Self.verify(api, key, from: "192.0.2.2")) }
                }
                #expect(answers == Array(repeating: code, count: 8))
                #expect(elapsed < delay * 8, "eight \(code) answers took \(elapsed)")
            }
            for _ in 0..<4 { _ = try await Self.verify(api, "kw_nothing", from: "192.0.2.3") }
            var answer: String?
            let elapsed = try await clock.measure { answer = try await Self.verify(api, valid, from: "192.0.2.3") }
            #expect(answer == "SOURCE_BLOCKED")
            #expect(elapsed >= delay)
        }
    }

    @Test("with a pace over the node, guesses from many sources get their answers one interval apart; valid keys do not wait")
    func guessPace() async throws {
        let policy = SourceBlocker.Policy(failures: 3, guessDelayMilliseconds: 0, guessesPerSecond: 10)
        try await TestServer.run(configure: { $0.sourceBlocking = policy }) { server, api in
            _ = try await api.keyspace("paced")
            let (valid, _) = try await api.key(in: "paced")
            let clock = ContinuousClock()
            let start = clock.now
            // Twenty guesses from twenty sources (none blocked) at 10 a second: the last leaves after 1.9 s.
            async let guesses = withThrowingTaskGroup(of: (String?, Duration).self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let answer = try await Self.verify(api, APIKey.generate(prefix: .defaultKeyspace).secret, from: "192.0.2.\(index + 10)")
                        return (answer, start.duration(to: clock.now))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // The gauge counts the answers held back: some, while the pace holds them.
            var waiting: Double = 0
            for _ in 0..<30 where waiting == 0 {
                try await Task.sleep(for: .milliseconds(50))
                waiting = MetricsTests.sample("keyward_guess_answers_waiting", in: try await api.get("/metrics").text) ?? -1
            }
            #expect((1...20).contains(waiting), "answers waiting while twenty guesses are paced: \(waiting)")
            // Had the valid key waited its turn, it would leave after every guess booked before it:
            // judged against the guesses' own answers, not a wall-clock bound a loaded machine can miss.
            let answer = try await Self.verify(api, valid, from: "192.0.2.200")
            let validAnswered = start.duration(to: clock.now)
            let answers = try await guesses
            #expect(answer == "VALID")
            #expect(answers.allSatisfy { $0.0 == "NOT_FOUND" }, "\(answers)")
            let last = answers.map(\.1).max() ?? .zero
            #expect(validAnswered < last, "a valid key answered at \(validAnswered), after the last guess at \(last)")
            #expect(last >= .milliseconds(1_900), "twenty guesses at 10 a second were all answered within \(last)")
            #expect(MetricsTests.sample("keyward_guess_answers_waiting", in: try await api.get("/metrics").text) == 0)
        }
    }

    @Test("failures spread over more than a minute do not block")
    func window() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("slow")
            let (valid, _) = try await api.key(in: "slow")
            for _ in 0..<200 {
                _ = try await Self.verify(api, "kw_nothing", from: "192.0.2.9")
                server.clock.advance(by: 2)
            }
            #expect(try await Self.verify(api, valid, from: "192.0.2.9") == "VALID")
        }
    }

    @Test("at /v1/auth a blocked source gets 429 SOURCE_BLOCKED with Retry-After until the block ends")
    func gateway() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("edge")
            let (valid, _) = try await api.key(in: "edge")
            for _ in 0..<51 { _ = try await api.auth([.authorization: "Bearer kw_nothing"]) }
            server.clock.advance(by: 100)
            let answer = try await api.auth([.authorization: "Bearer \(valid)"])
            #expect(answer.status == .tooManyRequests)
            #expect(answer.headers[HTTPField.Name("X-Keyward-Code")!] == "SOURCE_BLOCKED")
            #expect(answer.headers[.retryAfter] == "800")
        }
    }

    @Test("64 parallel failures from one source start exactly one block, at the 51st")
    func parallelFailures() async {
        let blocker = SourceBlocker()
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let source = IPAddress("203.0.113.9")
        let events = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 { group.addTask { blocker.noteFailure(source, at: now) != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(events == 1)
        #expect(blocker.blockedUntil(source, at: now) == now.addingTimeInterval(900))
    }

    @Test("a flood of distinct sources keeps memory bounded")
    func bounded() {
        let blocker = SourceBlocker(policy: SourceBlocker.Policy(failures: 3), capacity: 1_000)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        for index in 0..<20_000 {
            _ = blocker.noteFailure(IPAddress("10.\(index / 65536).\(index / 256 % 256).\(index % 256)"), at: now)
        }
        #expect(blocker.counts.tracked <= 2_000)
        // Blocks too: 1,000 sources blocked at most, the earliest ending first to go.
        for index in 0..<3_000 {
            for _ in 0..<4 { _ = blocker.noteFailure(IPAddress("172.16.\(index / 256).\(index % 256)"), at: now) }
        }
        #expect(blocker.counts.blocked <= 1_000)
    }
}
