import Foundation
import KeywardCore
import Testing

@Suite("Key expiry policy (SPEC §11)")
struct KeyExpiryPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let day = 86_400.0

    static func keyspace(maxLifetime: String? = nil, requireExpiry: Bool = false) throws -> Keyspace {
        Keyspace(
            id: "ks_test", name: "acme", prefix: .defaultKeyspace, maxLifetime: try maxLifetime.map { try DurationText(parsing: $0) },
            requireExpiry: requireExpiry, createdAt: now, updatedAt: now)
    }

    static func code(_ body: () throws(KeywardError) -> Date?) -> KeywardError.Code? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.code
        }
    }

    @Test("without maxLifetime the requested expiry stands, or none")
    func noPolicy() throws {
        let keyspace = try Self.keyspace()
        #expect(try KeyExpiryPolicy.expiry(requested: nil, keyspace: keyspace, now: Self.now) == nil)
        let later = Self.now.addingTimeInterval(1_000 * Self.day)
        #expect(try KeyExpiryPolicy.expiry(requested: later, keyspace: keyspace, now: Self.now) == later)
    }

    @Test("maxLifetime applies when no expiry is asked")
    func maxLifetimeDefault() throws {
        let keyspace = try Self.keyspace(maxLifetime: "90d")
        #expect(try KeyExpiryPolicy.expiry(requested: nil, keyspace: keyspace, now: Self.now) == Self.now.addingTimeInterval(90 * Self.day))
    }

    @Test("an expiry within maxLifetime stands; the exact limit too")
    func withinLifetime() throws {
        let keyspace = try Self.keyspace(maxLifetime: "90d")
        let sooner = Self.now.addingTimeInterval(7 * Self.day)
        #expect(try KeyExpiryPolicy.expiry(requested: sooner, keyspace: keyspace, now: Self.now) == sooner)
        let limit = Self.now.addingTimeInterval(90 * Self.day)
        #expect(try KeyExpiryPolicy.expiry(requested: limit, keyspace: keyspace, now: Self.now) == limit)
    }

    @Test("a later expiry is LIFETIME_EXCEEDED on expiresAt")
    func lifetimeExceeded() throws {
        let keyspace = try Self.keyspace(maxLifetime: "90d")
        do {
            _ = try KeyExpiryPolicy.expiry(requested: Self.now.addingTimeInterval(90 * Self.day + 1), keyspace: keyspace, now: Self.now)
            Issue.record("a longer lifetime was accepted")
        } catch {
            #expect(error.code == .lifetimeExceeded)
            #expect(error.code.rawValue == "LIFETIME_EXCEEDED")
            #expect(error.field == "expiresAt")
            #expect(error.message.contains("90d"))
        }
    }

    @Test("requireExpiry refuses a key without expiry and accepts one with")
    func requireExpiry() throws {
        let keyspace = try Self.keyspace(requireExpiry: true)
        #expect(
            Self.code { () throws(KeywardError) in try KeyExpiryPolicy.expiry(requested: nil, keyspace: keyspace, now: Self.now) } == .expiryRequired)
        let later = Self.now.addingTimeInterval(Self.day)
        #expect(try KeyExpiryPolicy.expiry(requested: later, keyspace: keyspace, now: Self.now) == later)
        let both = try Self.keyspace(maxLifetime: "30d", requireExpiry: true)
        #expect(try KeyExpiryPolicy.expiry(requested: nil, keyspace: both, now: Self.now) == Self.now.addingTimeInterval(30 * Self.day))
    }

    @Test("an expiry now or in the past is refused", arguments: [0.0, -1, -86_400])
    func pastExpiry(offset: Double) throws {
        for keyspace in [try Self.keyspace(), try Self.keyspace(maxLifetime: "90d")] {
            let code = Self.code { () throws(KeywardError) in
                try KeyExpiryPolicy.expiry(requested: Self.now.addingTimeInterval(offset), keyspace: keyspace, now: Self.now)
            }
            #expect(code == .invalidField)
        }
    }

    @Test("on update the lifetime counts from createdAt, so it cannot be stretched")
    func updateCountsFromCreation() throws {
        let keyspace = try Self.keyspace(maxLifetime: "90d")
        let createdAt = Self.now.addingTimeInterval(-60 * Self.day)
        #expect(
            try KeyExpiryPolicy.expiry(requested: nil, keyspace: keyspace, now: Self.now, createdAt: createdAt)
                == createdAt.addingTimeInterval(90 * Self.day))
        let code = Self.code { () throws(KeywardError) in
            try KeyExpiryPolicy.expiry(requested: Self.now.addingTimeInterval(60 * Self.day), keyspace: keyspace, now: Self.now, createdAt: createdAt)
        }
        #expect(code == .lifetimeExceeded)
        let within = Self.now.addingTimeInterval(30 * Self.day)
        #expect(try KeyExpiryPolicy.expiry(requested: within, keyspace: keyspace, now: Self.now, createdAt: createdAt) == within)
    }
}
