import Foundation
import KeywardCore
import KeywardStore

/// A SQLite store holding a log of `count` entries of realistic size (a
/// `key.create` with its details), made once per process in a temporary folder.
final class AuditFixture: Sendable {
    static let count: Int64 = 1_000_000
    static let chain = try! AuditChain(auditKey: Array(repeating: 0x5A, count: 32))

    let store: SQLiteStore

    private init(store: SQLiteStore) { self.store = store }

    static func draft(_ number: Int) -> AuditDraft {
        AuditDraft(
            time: Date(timeIntervalSince1970: 1_790_000_000 + Double(number) / 100), actor: AuditActor(kind: .token, id: "tok_0123456789abcdefghijkl", start: "kwm_AbCd"),
            action: "key.create", target: "key_\(String(number).padding(toLength: 22, withPad: "0", startingAt: 0))", sourceIP: "203.0.113.7",
            details: [
                "keyspace": .string("ks_0123456789abcdefghijkl"), "keyspaceName": .string("payments"), "start": .string("kw_AbCd"),
                "scopes": .array([.string("docs:read")]), "enabled": .bool(true),
            ])
    }

    nonisolated(unsafe) private static var made: AuditFixture?

    static func shared() async throws -> AuditFixture {
        if let made { return made }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keyward-audit-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try await SQLiteStore.open(path: folder + "/keyward.db")
        var number = 0
        while number < Int(count) {
            let batch = (number..<min(number + 10_000, Int(count))).map { draft($0 + 1) }
            _ = try await store.appendAudit(batch, chain: chain)
            number += batch.count
        }
        let fixture = AuditFixture(store: store)
        made = fixture
        return fixture
    }
}
