import Foundation
import KeywardTesting
import Synchronization
import Testing

@Suite("Durability", .serialized)
struct DurabilityTests {
    /// Creates keys from several concurrent clients, kills the server with
    /// SIGKILL in the middle, restarts it, and checks that every key whose
    /// creation was answered still verifies.
    @Test("kill -9 while keys are being created loses no acknowledged key")
    func killNine() async throws {
        let folder = try TemporaryFolder("keyward-kill9")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        defer { server.stop() }
        try await server.start()
        let token = server.rootToken
        #expect(try server.cli(["keyspace", "create", "durable"]).status == 0)

        let acknowledged = AcknowledgedKeys()
        let address = server.address
        let writers = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<500 {
                            guard
                                let answer = try? await HTTP.send(
                                    .POST, address + "/v1/keys", headers: [("Authorization", "Bearer \(token)")], body: #"{"keyspace":"durable"}"#)
                            else { return }
                            if answer.status == 201, let key = answer.json["key"] as? String {
                                acknowledged.add(key)
                            }
                        }
                    }
                }
            }
        }
        for _ in 0..<400 where acknowledged.count < 150 {
            try await Task.sleep(for: .milliseconds(25))
        }
        server.killHard()
        await writers.value
        let keys = acknowledged.all
        #expect(keys.count >= 50, "too few creations were answered before the kill to test anything")

        try await server.start()
        var lost = 0
        for key in keys {
            let answer = try await HTTP.send(
                .POST, server.address + "/v1/keys/verify", headers: [("Authorization", "Bearer \(token)")], body: #"{"key":"\#(key)"}"#)
            if answer.json["code"] as? String != "VALID" { lost += 1 }
        }
        #expect(lost == 0, "\(lost) of \(keys.count) acknowledged keys were lost")
    }
}

/// Keys whose creation the server answered, from many writers.
final class AcknowledgedKeys: Sendable {
    private let keys = Mutex<[String]>([])
    func add(_ key: String) { keys.withLock { $0.append(key) } }
    var count: Int { keys.withLock { $0.count } }
    var all: [String] { keys.withLock { $0 } }
}
