import Foundation
import KeywardCore
import Testing

@Suite("Key state order (SPEC §11)")
struct KeyStateTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func record(revoked: Bool, enabled: Bool, expiresAt: Date?) throws -> KeyRecord {
        KeyRecord(
            id: "key_test", keyspaceId: "ks_test", hash: try #require(KeyHash(bytes: [UInt8](repeating: 0, count: 32))), start: "kw_abcd",
            expiresAt: expiresAt, enabled: enabled, createdAt: now.addingTimeInterval(-1_000), updatedAt: now.addingTimeInterval(-1_000),
            revokedAt: revoked ? now.addingTimeInterval(-10) : nil)
    }

    @Test(
        "revoked beats disabled beats expired beats active",
        arguments: [
            (true, true, true, KeyState.revoked),
            (true, false, true, .revoked),
            (true, false, false, .revoked),
            (true, true, false, .revoked),
            (false, false, true, .disabled),
            (false, false, false, .disabled),
            (false, true, true, .expired),
            (false, true, false, .active),
        ])
    func order(revoked: Bool, enabled: Bool, expired: Bool, state: KeyState) throws {
        let expiresAt = expired ? Self.now.addingTimeInterval(-1) : Self.now.addingTimeInterval(3_600)
        #expect(try Self.record(revoked: revoked, enabled: enabled, expiresAt: expiresAt).state(at: Self.now) == state)
    }

    @Test("a key expires at its expiry instant, not a moment later")
    func boundary() throws {
        let record = try Self.record(revoked: false, enabled: true, expiresAt: Self.now)
        #expect(record.state(at: Self.now.addingTimeInterval(-0.001)) == .active)
        #expect(record.state(at: Self.now) == .expired)
        #expect(try Self.record(revoked: false, enabled: true, expiresAt: nil).state(at: .distantFuture) == .active)
    }

    @Test("state names are the API's")
    func names() {
        #expect(KeyState.allCases.map(\.rawValue) == ["active", "disabled", "expired", "revoked"])
    }
}
