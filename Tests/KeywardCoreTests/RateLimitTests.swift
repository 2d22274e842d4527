import Foundation
import KeywardCore
import Testing

@Suite("Rate limits: parsing and the sliding window")
struct RateLimitTests {
    @Test("the CLI form gives limit, window, per and the text as the name")
    func parses() throws {
        let limit = try RateLimit(parsing: "100/1m")
        #expect(limit.limit == 100)
        #expect(limit.window.seconds == 60)
        #expect(limit.per == .key)
        #expect(limit.name == "100/1m")
        let shared = try RateLimit(parsing: "1000/1h:owner")
        #expect(shared.per == .owner)
        #expect(shared.window.seconds == 3_600)
        #expect(shared.name == "1000/1h:owner")
        #expect(try RateLimit(parsing: "5/1d:key").per == .key)
    }

    @Test(
        "a bad rate limit is refused with a message saying what is wrong",
        arguments: [
            ("", "one /"), ("100", "one /"), ("100/", "must be a duration"), ("/1m", "whole number"), ("-1/1m", "whole number"),
            ("0/1m", "from 1"), ("1.5/1m", "whole number"), ("100/1x", "must be a duration"), ("100/1m:team", "owner or key"),
            ("100/1m/2", "one /"), ("100/31d", "30 days"), ("9999999999/1m", "from 1"), (String(repeating: "9", count: 60), "48"),
        ])
    func refusesBadText(text: String, says: String) {
        do {
            _ = try RateLimit(parsing: text, field: "--rate")
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.field == "--rate")
            #expect(error.message.contains(says), "\(error.message)")
        }
    }

    @Test("random text never crashes the parser")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789/:smhdwowner key-.\u{0}é")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...20, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = try? RateLimit(parsing: text)
            _ = try? QuotaRefill(parsing: text)
        }
    }

    @Test("duplicate names and too many limits are refused")
    func listRules() throws {
        let limit = try RateLimit(parsing: "1/1s")
        #expect(throws: KeywardError.self) { try [limit, limit].validated() }
        let many = try (1...17).map { try RateLimit(parsing: "\($0)/1s") }
        #expect(throws: KeywardError.self) { try many.validated() }
        #expect(try Array(many.prefix(16)).validated().count == 16)
    }

    @Test("a window admits exactly its limit, then frees a use between window and window + window/60 after it")
    func windowArithmetic() {
        var window = SlidingWindow(limit: 3, windowMillis: 60_000)
        for time in [0, 500, 999] as [Int64] {
            window.advance(to: time)
            #expect(window.admits(1))
            window.charge(1, at: time)
        }
        window.advance(to: 1_000)
        #expect(!window.admits(1))
        #expect(window.remaining == 0)
        // All three fell in the first one-second slot: released together at 61 s.
        #expect(window.freeAt(1, now: 1_000) == 61_000)
        #expect(window.nextRelease(now: 1_000) == 61_000)
        window.advance(to: 60_999)
        #expect(!window.admits(1))
        window.advance(to: 61_000)
        #expect(window.admits(3))
        #expect(window.isIdle)
    }

    @Test("freeAt walks the slots until the cost fits; a cost above the limit never fits")
    func freeAt() {
        var window = SlidingWindow(limit: 10, windowMillis: 60_000)
        window.charge(4, at: 0)
        window.charge(4, at: 10_000)
        window.charge(2, at: 20_000)
        #expect(window.freeAt(1, now: 30_000) == 61_000)
        #expect(window.freeAt(5, now: 30_000) == 71_000)
        #expect(window.freeAt(10, now: 30_000) == 81_000)
        #expect(window.freeAt(11, now: 30_000) == nil)
        #expect(window.admits(0))
    }

    @Test("no interval of one window ever holds more than the limit, whatever the arrival times")
    func neverOverAdmits() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let limit = Int64.random(in: 1...20, using: &generator)
            let windowMillis = Int64.random(in: 100...10_000, using: &generator)
            var window = SlidingWindow(limit: limit, windowMillis: windowMillis)
            var admitted: [Int64] = []
            var now: Int64 = 1_000_000
            for _ in 0..<2_000 {
                now += Int64.random(in: 0...(windowMillis / 10), using: &generator)
                window.advance(to: now)
                if window.admits(1) {
                    window.charge(1, at: now)
                    admitted.append(now)
                }
            }
            // Sliding check over every admitted use: those within one window of it.
            var start = 0
            for (index, time) in admitted.enumerated() {
                while admitted[start] <= time - windowMillis { start += 1 }
                #expect(Int64(index - start + 1) <= limit)
            }
            #expect(!admitted.isEmpty)
        }
    }
}

@Suite("Quotas: refill periods and changes")
struct QuotaTests {
    static func date(_ text: String) throws -> Date { try Timestamp.parse(text) }

    @Test("daily refills start at 00:00 UTC; monthly ones on day 1, across years and leap days")
    func periods() throws {
        let daily = try QuotaRefill(parsing: "100/day")
        #expect(daily.amount == 100)
        #expect(daily.interval == .daily)
        #expect(daily.periodStart(containing: try Self.date("2026-12-02T23:59:59.999Z")) == (try Self.date("2026-12-02T00:00:00Z")))
        #expect(daily.nextRefill(after: try Self.date("2026-12-31T12:00:00Z")) == (try Self.date("2027-01-01T00:00:00Z")))
        let monthly = try QuotaRefill(parsing: "5000/month")
        #expect(monthly.periodStart(containing: try Self.date("2028-02-29T10:00:00Z")) == (try Self.date("2028-02-01T00:00:00Z")))
        #expect(monthly.nextRefill(after: try Self.date("2028-02-29T10:00:00Z")) == (try Self.date("2028-03-01T00:00:00Z")))
        #expect(monthly.nextRefill(after: try Self.date("2026-12-15T00:00:00Z")) == (try Self.date("2027-01-01T00:00:00Z")))
        #expect(monthly.periodStart(containing: try Self.date("2027-01-01T00:00:00Z")) == (try Self.date("2027-01-01T00:00:00Z")))
    }

    @Test("bad refills are refused naming the flag", arguments: ["", "100", "100/week", "/day", "-5/day", "1.5/day", "10000000000000/day"])
    func badRefill(text: String) {
        #expect(throws: KeywardError.self) { try QuotaRefill(parsing: text, field: "--refill") }
    }

    @Test("a due refill sets remaining to the amount once per period")
    func refill() throws {
        let created = try Self.date("2026-12-02T10:00:00Z")
        let quota = Quota(remaining: 3, refill: try QuotaRefill(parsing: "100/day"), refilledAt: try Self.date("2026-12-02T00:00:00Z"))
        #expect(quota.current(at: created).remaining == 3)
        let tomorrow = quota.current(at: try Self.date("2026-12-03T00:00:00Z"))
        #expect(tomorrow.remaining == 100)
        #expect(tomorrow.refilledAt == (try Self.date("2026-12-03T00:00:00Z")))
        var spent = tomorrow
        spent.remaining = 7
        #expect(spent.current(at: try Self.date("2026-12-03T23:00:00Z")).remaining == 7)
        #expect(Quota(remaining: 3).current(at: created).remaining == 3)
    }

    @Test("a change sets what it names, keeps the rest, and starts a new generation")
    func changes() throws {
        let now = try Self.date("2026-12-02T10:00:00Z")
        let refill = try QuotaRefill(parsing: "50/day")
        let created = try #require(try QuotaChange.set(remaining: nil, refill: .some(refill)).applied(to: nil, at: now))
        #expect(created.remaining == 50)
        #expect(created.generation == 1)
        let topped = try #require(try QuotaChange.set(remaining: 500, refill: nil).applied(to: created, at: now))
        #expect(topped.remaining == 500)
        #expect(topped.refill == refill)
        #expect(topped.generation == 2)
        let noRefill = try #require(try QuotaChange.set(remaining: nil, refill: .some(nil)).applied(to: topped, at: now))
        #expect(noRefill.refill == nil)
        #expect(noRefill.remaining == 500)
        #expect(try QuotaChange.clear.applied(to: topped, at: now) == nil)
        #expect(throws: KeywardError.self) { try QuotaChange.set(remaining: nil, refill: .some(nil)).applied(to: nil, at: now) }
    }
}
