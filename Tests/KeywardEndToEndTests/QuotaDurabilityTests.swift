import Foundation
import KeywardTesting
import Synchronization
import Testing

@Suite("Quota durability", .serialized)
struct QuotaDurabilityTests {
    /// Spends a key's quota from concurrent clients until about `target` answers
    /// were VALID; returns the answers that came back (the rest died with the server).
    static func spend(_ server: ServerProcess, key: String, until target: Int, kill: Bool) async throws -> Int {
        let valid = Counter()
        let address = server.address
        let token = server.rootToken
        let clients = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        while valid.value < (kill ? Int.max : target) {
                            guard
                                let answer = try? await HTTP.send(
                                    .POST, address + "/v1/keys/verify", headers: [("Authorization", "Bearer \(token)")], body: #"{"key":"\#(key)"}"#)
                            else { return }
                            if answer.json["code"] as? String == "VALID" { valid.add() } else { return }
                        }
                    }
                }
            }
        }
        if kill {
            for _ in 0..<800 where valid.value < target { try await Task.sleep(for: .milliseconds(10)) }
            server.killHard()
        }
        await clients.value
        return valid.value
    }

    static func remaining(_ server: ServerProcess, _ id: String) throws -> Int {
        let shown = try server.cli(["key", "show", id, "--json"])
        let record = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        let quota = try #require(record?["quota"] as? [String: Any])
        return try #require(quota["remaining"] as? Int)
    }

    @Test("kill -9 between quota spends never gives a spent use back, and forfeits at most one and a half leases; a clean stop forfeits nothing")
    func killNine() async throws {
        let folder = try TemporaryFolder("keyward-quota-kill9")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        defer { server.stop() }
        try await server.start()
        #expect(try server.cli(["keyspace", "create", "metered"]).status == 0)
        let created = try server.cli(["key", "create", "--keyspace", "metered", "--uses", "2000", "--json"])
        let record = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let key = try #require(record?["key"] as? String)
        let id = try #require(record?["id"] as? String)

        let answered = try await Self.spend(server, key: key, until: 600, kill: true)
        #expect(answered >= 100, "too few uses were answered before the kill to test anything")
        try await server.start()
        let left = try Self.remaining(server, id)
        // Every answered use stays spent; at most one and a half leases (a lease is
        // at most a tenth of what was left, so 200) and the 8 requests in flight at
        // the kill are lost on top.
        #expect(left <= 2_000 - answered, "a crash gave spent uses back: \(left) left after \(answered) answered uses")
        #expect(2_000 - answered - left <= 300 + 8, "a crash forfeited \(2_000 - answered - left) uses, more than one and a half leases")

        // A clean stop gives unspent leases back: the count is exact.
        let before = left
        let spent = try await Self.spend(server, key: key, until: 300, kill: false)
        server.stop()
        try await server.start()
        #expect(try Self.remaining(server, id) == before - spent)
    }
}

/// A count shared by concurrent clients.
final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
