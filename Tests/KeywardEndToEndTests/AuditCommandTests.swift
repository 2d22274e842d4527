import Foundation
import KeywardTesting
import Synchronization
import Testing

/// `keyward audit` against a real server and a real SQLite file, tampered with
/// as an attacker with the database would: every kind of change is named.
@Suite("keyward audit", .serialized)
struct AuditCommandTests {
    /// A server with a keyspace, six keys (one revoked) and a checkpoint file;
    /// returns the server, the checkpoint path and the public key file.
    static func prepared(_ folder: TemporaryFolder) async throws -> (ServerProcess, checkpoint: String, publicKey: String) {
        let server = ServerProcess(folder: folder)
        try await server.start()
        #expect(try server.cli(["keyspace", "create", "tamper"]).status == 0)
        for _ in 0..<6 { #expect(try server.cli(["key", "create", "--keyspace", "tamper"]).status == 0) }
        let checkpoint = folder.file("checkpoint.json")
        let made = try server.cli(["audit", "checkpoint", "--output", checkpoint])
        #expect(made.status == 0, "\(made)")
        let publicKey = try await HTTP.send(
            .GET, server.address + "/v1/audit/public-key", headers: [("Authorization", "Bearer \(server.rootToken)")])
        let keyFile = folder.file("audit.pub")
        try Data(publicKey.body.utf8).write(to: URL(fileURLWithPath: keyFile))
        return (server, checkpoint, keyFile)
    }

    @Test("audit verify: exit 0 when intact, 1 naming the first entry changed, removed, inserted or reordered")
    func tampering() async throws {
        // seq 1 root token, 2 keyspace, 3…8 keys, 9 checkpoint.
        let cases: [(name: String, statements: [String], seq: Int)] = [
            ("changed", ["UPDATE audit_entries SET action = 'key.update' WHERE seq = 5"], 5),
            ("removed", ["DELETE FROM audit_entries WHERE seq = 4"], 4),
            (
                "inserted",
                [
                    "UPDATE audit_entries SET seq = seq + 100 WHERE seq >= 6", "UPDATE audit_entries SET seq = seq - 99 WHERE seq >= 106",
                    "INSERT INTO audit_entries SELECT 6, time, actor_kind, actor_id, actor_start, 'key.delete', target, outcome, source_ip, details, hash, digest FROM audit_entries WHERE seq = 5",
                ], 6
            ),
            (
                "reordered",
                [
                    "UPDATE audit_entries SET seq = 100 WHERE seq = 3", "UPDATE audit_entries SET seq = 3 WHERE seq = 7",
                    "UPDATE audit_entries SET seq = 7 WHERE seq = 100",
                ], 3
            ),
        ]
        for (name, statements, seq) in cases {
            let folder = try TemporaryFolder("keyward-audit-\(name)")
            defer { folder.remove() }
            let (server, checkpoint, publicKey) = try await Self.prepared(folder)
            defer { server.stop() }
            let intact = try server.cli(["audit", "verify", "--checkpoint", checkpoint])
            #expect(intact.status == 0, "\(name): \(intact)")
            #expect(intact.stdout.contains("intact"))
            try await RawSQLite.execute(folder.file("keyward.db"), statements)
            let online = try server.cli(["audit", "verify"])
            #expect(online.status == 1, "\(name): \(online)")
            #expect(online.stdout.contains("BROKEN at entry \(seq) "), "\(name): \(online.stdout)")
            // Offline, on a copy, with the checkpoint and the public key only.
            server.stop()
            let offline = try server.cli([
                "audit", "verify", "--from-file", folder.file("keyward.db"), "--checkpoint", checkpoint, "--public-key", publicKey,
            ])
            #expect(offline.status == 1, "\(name) offline: \(offline)")
            #expect(offline.stdout.contains("BROKEN at entry \(seq) "), "\(name) offline: \(offline.stdout)")
        }
    }

    @Test("against a checkpoint, truncation and a forged checkpoint are caught online and offline")
    func truncationAndForgedCheckpoint() async throws {
        let folder = try TemporaryFolder("keyward-audit-truncate")
        defer { folder.remove() }
        let (server, checkpoint, publicKey) = try await Self.prepared(folder)
        defer { server.stop() }
        let database = folder.file("keyward.db")
        let offline = ["audit", "verify", "--from-file", database, "--checkpoint", checkpoint, "--public-key", publicKey]
        #expect(try server.cli(offline).status == 0)

        // A checkpoint with a changed seq no longer verifies.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: checkpoint))) as? [String: Any])
        json["seq"] = 4
        let forged = folder.file("forged.json")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: forged))
        let forgedOnline = try server.cli(["audit", "verify", "--checkpoint", forged])
        #expect(forgedOnline.status == 1, "\(forgedOnline)")
        #expect(forgedOnline.stdout.contains("bad-signature"))

        try await RawSQLite.execute(database, "DELETE FROM audit_entries WHERE seq >= 7")
        #expect(try server.cli(["audit", "verify"]).status == 0, "a truncated log is consistent on its own")
        let online = try server.cli(["audit", "verify", "--checkpoint", checkpoint])
        #expect(online.status == 1, "\(online)")
        #expect(online.stdout.contains("truncated"))
        server.stop()
        let truncated = try server.cli(offline)
        #expect(truncated.status == 1, "\(truncated)")
        #expect(truncated.stdout.contains("BROKEN at entry 7 (truncated)"))
        // Another key than the server's is refused before anything is read.
        let otherKey = folder.file("other.pub")
        try Data("{\"publicKey\":\"\(Data(repeating: 1, count: 32).base64EncodedString())\"}".utf8).write(to: URL(fileURLWithPath: otherKey))
        let wrongKey = try server.cli(["audit", "verify", "--from-file", database, "--checkpoint", checkpoint, "--public-key", otherKey])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stdout.contains("bad-signature"))
    }

    @Test("kill -9 right after an acknowledged revoke leaves the revocation and its entry")
    func durableEntry() async throws {
        let folder = try TemporaryFolder("keyward-audit-kill9")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        defer { server.stop() }
        try await server.start()
        #expect(try server.cli(["keyspace", "create", "durable"]).status == 0)
        let created = try server.cli(["key", "create", "--keyspace", "durable", "--json"])
        let id = try #require(created.json["id"] as? String)
        #expect(try server.cli(["key", "revoke", id]).status == 0)
        server.killHard()
        try await server.start()
        let log = try server.cli(["audit", "log", "--target", id, "--json", "--action", "key.revoke"])
        #expect(log.status == 0, "\(log)")
        let items = try #require(log.json["items"] as? [[String: Any]])
        #expect(items.count == 1)
        #expect(try server.cli(["key", "show", id, "--json"]).json["state"] as? String == "revoked")
        #expect(try server.cli(["audit", "verify"]).status == 0)
    }

    @Test("audit log prints a table, filters, and --follow prints entries as they are appended")
    func logAndFollow() async throws {
        let folder = try TemporaryFolder("keyward-audit-follow")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        defer { server.stop() }
        try await server.start()
        #expect(try server.cli(["keyspace", "create", "follow"]).status == 0)
        let table = try server.cli(["audit", "log"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("keyspace.create"))
        #expect(table.stdout.contains("token.create"))
        let filtered = try server.cli(["audit", "log", "--action", "keyspace.*", "--since", "1h"])
        #expect(!filtered.stdout.contains("token.create"))
        #expect(try server.cli(["audit", "log", "--since", "soon"]).status == 2)

        let follower = Process()
        follower.executableURL = URL(fileURLWithPath: try KeywardBinary.path)
        follower.arguments = ["audit", "log", "--follow", "--json"]
        follower.environment = server.environment
        let output = Pipe()
        follower.standardOutput = output
        let collected = Collected()
        output.fileHandleForReading.readabilityHandler = { handle in collected.add(handle.availableData) }
        try spawn(follower)
        defer {
            if follower.isRunning { follower.terminate() }
            output.fileHandleForReading.readabilityHandler = nil
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try server.cli(["key", "create", "--keyspace", "follow"]).status == 0)
        var seen = ""
        for _ in 0..<50 where !seen.contains("key.create") {
            try await Task.sleep(for: .milliseconds(100))
            seen = collected.text
        }
        #expect(seen.contains("\"action\":\"key.create\""), "--follow did not print the new entry: \(seen.prefix(500))")
    }
}

/// Output of a child process, gathered as it arrives.
final class Collected: Sendable {
    private let data = Mutex(Data())
    func add(_ more: Data) { data.withLock { $0.append(more) } }
    var text: String { data.withLock { String(decoding: $0, as: UTF8.self) } }
}
