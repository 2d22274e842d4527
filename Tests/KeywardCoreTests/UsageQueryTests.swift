import Foundation
import KeywardCore
import Testing

@Suite("Usage buckets")
struct UsageQueryTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T14:13:20Z

    @Test("a range is rounded out to whole buckets, and every bucket is answered, empty ones too")
    func denseBuckets() throws {
        let query = try UsageQuery(from: Self.start, to: Self.start.addingTimeInterval(3 * 3600), granularity: .hour)
        #expect(query.firstBucket == 1_789_999_200)  // 14:00
        #expect(query.end == 1_790_013_600)  // 18:00: the end of the hour that holds 17:13
        let buckets = query.buckets([])
        #expect(buckets.count == 4)
        #expect(buckets.map(\.total) == [0, 0, 0, 0])
        #expect(buckets[1].start == Date(timeIntervalSince1970: 1_790_002_800))
    }

    @Test("rows add up per bucket and code; rows outside the range are left out")
    func addsUp() throws {
        let query = try UsageQuery(from: Self.start, to: Self.start.addingTimeInterval(600), granularity: .minute)
        let minute = query.firstBucket
        let rows = [
            UsageCount(keyID: "k", keyspaceID: "s", bucketStart: minute, code: .valid, count: 5),
            UsageCount(keyID: "k", keyspaceID: "s", bucketStart: minute, code: .valid, count: 2),
            UsageCount(keyID: "k", keyspaceID: "s", bucketStart: minute + 60, code: .rateLimited, count: 3),
            UsageCount(keyID: "k", keyspaceID: "s", bucketStart: minute - 60, code: .valid, count: 100),
            UsageCount(keyID: "k", keyspaceID: "s", bucketStart: query.end, code: .valid, count: 100),
        ]
        let buckets = query.buckets(rows)
        #expect(buckets.count == 11)
        #expect(buckets[0].counts == [.valid: 7])
        #expect(buckets[1].counts == [.rateLimited: 3])
        #expect(buckets.map(\.total).reduce(0, +) == 10)
    }

    @Test("an hour rolled up from minutes lands, in a minute answer, in the minute its hour starts with")
    func rolledUpHour() throws {
        let query = try UsageQuery(
            from: Date(timeIntervalSince1970: 1_789_999_200), to: Date(timeIntervalSince1970: 1_790_002_800), granularity: .minute)
        let buckets = query.buckets([UsageCount(keyID: "k", keyspaceID: "s", bucketStart: 1_789_999_200, width: 3600, code: .valid, count: 42)])
        #expect(buckets.count == 60)
        #expect(buckets[0].counts == [.valid: 42])
        #expect(buckets.dropFirst().allSatisfy { $0.total == 0 })
    }

    @Test("from after to, an empty range and a range of too many buckets are errors naming `from`")
    func badRanges() {
        for (from, to, granularity) in [
            (Self.start, Self.start, UsageGranularity.minute),
            (Self.start.addingTimeInterval(60), Self.start, .minute),
            (Self.start.addingTimeInterval(-8 * 86_400), Self.start, .minute),
        ] {
            do {
                _ = try UsageQuery(from: from, to: to, granularity: granularity)
                Issue.record("expected an error for \(from) to \(to)")
            } catch {
                #expect(error.code == .invalidField)
                #expect(error.field == "from")
            }
        }
        // A week of minutes fits; 90 days of hours too.
        #expect(throws: Never.self) { try UsageQuery(from: Self.start.addingTimeInterval(-7 * 86_400 + 60), to: Self.start, granularity: .minute) }
        #expect(throws: Never.self) { try UsageQuery(from: Self.start.addingTimeInterval(-90 * 86_400), to: Self.start, granularity: .hour) }
    }

    @Test("granularity parses minute, hour and day only")
    func granularity() throws {
        #expect(try UsageGranularity(parsing: "hour") == .hour)
        for text in ["", "Hour", "week", "minute "] {
            #expect(throws: KeywardError.self) { try UsageGranularity(parsing: text) }
        }
    }

    @Test("networks are the /24 of an IPv4 address (mapped ones too) and the /48 of an IPv6 one")
    func networks() throws {
        #expect(NetworkPrefix.text(of: try #require(IPAddress("203.0.113.77"))) == "203.0.113.0/24")
        #expect(NetworkPrefix.text(of: try #require(IPAddress("::ffff:203.0.113.77"))) == "203.0.113.0/24")
        #expect(NetworkPrefix.text(of: try #require(IPAddress("2001:db8:abcd:12::1"))) == "2001:db8:abcd::/48")
        #expect(NetworkPrefix.of(try #require(IPAddress("198.51.100.1"))) == NetworkPrefix.of(try #require(IPAddress("198.51.100.254"))))
    }
}
