import Foundation
import KeywardTesting
import Testing

/// `keyward migrate`: a SQLite store with every kind of record moves into
/// PostgreSQL, and a node on the copy serves it as the old server did.
@Suite(
    "keyward migrate into PostgreSQL", .serialized, .needsPostgres,
    .timeLimit(.minutes(5)))
struct MigrateCommandTests {
    @Test("a store with keys, quotas, tokens, users, secrets, alerts and an audit log is copied; the copy serves every key and value")
    func roundTrip() async throws {
        let folder = try TemporaryFolder("keyward-migrate")
        defer { folder.remove() }
        let sqlite = ServerProcess(folder: folder)
        try await sqlite.start()
        let password = "a-phrase-nobody-guesses-42"  // keyward:allow: a test user's password
        #expect(try sqlite.cli(["keyspace", "create", "moving", "--rate", "100/1m"]).status == 0)
        let created = try sqlite.cli(["key", "create", "--keyspace", "moving", "--uses", "50", "--owner", "alice", "--json"]).json
        let key = try #require(created["key"] as? String)
        let revoked = try #require(try sqlite.cli(["key", "create", "--keyspace", "moving", "--json"]).json["id"] as? String)
        #expect(try sqlite.cli(["key", "revoke", revoked]).status == 0)
        #expect(try sqlite.cli(["key", "verify", key]).status == 0)
        #expect(try sqlite.cli(["token", "create", "--scope", "keys:read", "--name", "reader"]).status == 0)
        #expect(try sqlite.cli(["user", "add", "olivia", "--role", "operator"], stdin: password + "\n").status == 0)
        #expect(try sqlite.cli(["secret", "set", "app/db", "-"], stdin: "moved-value-1").status == 0)
        #expect(try sqlite.cli(["secret", "set", "app/db", "-"], stdin: "moved-value-2").status == 0)
        // A leak report raises an alert and revokes the key it names.
        let leaked = try #require(try sqlite.cli(["key", "create", "--keyspace", "moving", "--json"]).json["key"] as? String)
        #expect(try sqlite.cli(["scan", "--stdin", "--report-leaks"], stdin: "token = \(leaked)\n").status != 3)
        sqlite.stop()

        let url = try await ThrowawayPostgres.shared.newDatabase()
        let migrated = try KeywardBinary.run(
            ["migrate", "--from", folder.file("keyward.db"), "--to", url.description], environment: sqlite.environment)
        #expect(migrated.status == 0, "\(migrated)")
        #expect(migrated.stdout.contains("The audit log is intact"), "\(migrated)")
        #expect(migrated.stdout.contains("audit_entries: "), "\(migrated)")
        let again = try KeywardBinary.run(["migrate", "--from", folder.file("keyward.db"), "--to", url.description], environment: sqlite.environment)
        #expect(again.status == 2, "a second copy into a store that is not empty is refused: \(again)")
        #expect(again.stderr.contains("--force"), "\(again)")

        // A node on the copy, with the SQLite store's master key and token file.
        let node = ServerProcess(
            folder: try TemporaryFolder("keyward-migrated"), arguments: ["--master-key-file", folder.file("keyward.key")], home: sqlite.home,
            databaseURL: url.description)
        try await node.start()
        defer { node.stop() }
        #expect(try node.cli(["key", "verify", key]).status == 0, "the key verifies on the copy")
        let shown = try node.cli(["key", "show", try #require(created["id"] as? String), "--json"]).json
        // One use spent on the SQLite server, one by the verification just above.
        #expect((shown["quota"] as? [String: Any])?["remaining"] as? Int == 48, "the quota carried over with the uses spent")
        #expect(try node.cli(["key", "verify", leaked]).status == 1, "the leaked key stays revoked")
        #expect(try node.cli(["secret", "get", "app/db", "--raw"]).stdout == "moved-value-2")
        #expect(try node.cli(["secret", "get", "app/db", "--version", "1", "--raw"]).stdout == "moved-value-1")
        #expect(try node.cli(["alerts", "list"]).stdout.contains("key.leaked"))
        let audit = try node.cli(["audit", "verify"])
        #expect(audit.status == 0 && audit.stdout.contains("intact"), "\(audit)")
        // New writes go on after the copied ones (ids, audit sequence).
        #expect(try node.cli(["keyspace", "create", "after"]).status == 0)
        let after = try node.cli(["audit", "verify"])
        #expect(after.status == 0, "\(after)")
        #expect(try node.cli(["login", "--user", "olivia"], stdin: password + "\n").status == 0, "the user logs in on the copy")
    }
}
