import Foundation
import KeywardTesting
import Testing

/// The controls' flags through the binary: what a person types and reads.
@Suite("CLI controls", .serialized)
struct ControlCommandTests {
    @Test("--rate, --uses and --refill on key create, their words in key show and key verify, and exit 2 on a bad one")
    func flags() async throws {
        let folder = try TemporaryFolder("keyward-cli-controls")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        #expect(try server.cli(["keyspace", "create", "app", "--rate", "50/1h", "--rotation-period", "30d"]).status == 0)
        let created = try server.cli([
            "key", "create", "--keyspace", "app", "--owner", "acme", "--rate", "100/1m", "--rate", "1000/1d:owner",
            "--uses", "10", "--refill", "10/day", "--json",
        ])
        #expect(created.status == 0, "\(created)")
        let key = try #require(created.json["key"] as? String)
        let id = try #require(created.json["id"] as? String)

        let shown = try server.cli(["key", "show", id])
        #expect(shown.stdout.contains("100/1m, 1000/1d:owner"), "\(shown)")
        #expect(shown.stdout.contains("10 uses left, refilled to 10 daily at 00:00 UTC"), "\(shown)")
        #expect(shown.stdout.contains("rotationOverdue  no"), "\(shown)")

        let verified = try server.cli(["key", "verify"], stdin: key + "\n")
        #expect(verified.status == 0, "\(verified)")
        #expect(verified.stdout.contains("100/1m (99 of 100 left"), "\(verified)")
        #expect(verified.stdout.contains("remaining   9"), "\(verified)")

        let updated = try server.cli(["key", "update", id, "--uses", "0"])
        #expect(updated.stdout.contains("0 uses left, refilled to 10 daily"), "--uses keeps the refill: \(updated)")
        #expect(try server.cli(["key", "verify"], stdin: key + "\n").stdout.hasPrefix("USAGE_EXCEEDED"))
        #expect(try server.cli(["key", "update", id, "--clear-quota", "--clear-rate"]).status == 0)
        #expect(try server.cli(["key", "verify"], stdin: key + "\n").status == 0)

        for bad in [["--rate", "100/1x"], ["--rate", "100/1m:team"], ["--refill", "5/week"], ["--uses", "-1"]] {
            let refused = try server.cli(["key", "create", "--keyspace", "app"] + bad)
            #expect(refused.status == 2, "\(bad): \(refused)")
            #expect(refused.stderr.contains("Error:"), "\(bad): \(refused)")
        }
        // The keyspace's limit is the default of a new key.
        let plain = try server.cli(["key", "create", "--keyspace", "app", "--json"])
        #expect((plain.json["ratelimits"] as? [[String: Any]])?.first?["name"] as? String == "50/1h")
    }
}
