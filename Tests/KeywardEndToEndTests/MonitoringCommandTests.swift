import Foundation
import KeywardTesting
import Testing

/// `key usage` and `alerts` through the binary, against a real server.
@Suite("CLI monitoring", .serialized)
struct MonitoringCommandTests {
    @Test("key usage charts the outcomes a key got; alerts list shows a leak and ack closes it")
    func usageAndAlerts() async throws {
        let folder = try TemporaryFolder("keyward-cli-monitoring")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        #expect(try server.cli(["keyspace", "create", "app"]).status == 0)
        let created = try server.cli(["key", "create", "--keyspace", "app", "--json"])
        let key = try #require(created.json["key"] as? String)
        let id = try #require(created.json["id"] as? String)
        for _ in 0..<3 { #expect(try server.cli(["key", "verify"], stdin: key + "\n").status == 0) }
        #expect(try server.cli(["key", "revoke", id]).status == 0)
        #expect(try server.cli(["key", "verify"], stdin: key + "\n").status == 1)

        // Counts are written once a second; give the recorder a few.
        var chart = try server.cli(["key", "usage", id, "--since", "1h"])
        for _ in 0..<10 where !chart.stdout.contains("REVOKED") {
            try await Task.sleep(for: .milliseconds(500))
            chart = try server.cli(["key", "usage", id, "--since", "1h"])
        }
        #expect(chart.status == 0, "\(chart)")
        #expect(chart.stdout.contains("61 minutes"), "\(chart)")
        #expect(chart.stdout.contains("VALID"), "\(chart)")
        #expect(chart.stdout.contains("total 3"), "\(chart)")
        #expect(chart.stdout.contains("total 1"), "\(chart)")
        #expect(chart.stdout.contains("█"), "\(chart)")
        let json = try server.cli(["key", "usage", id, "--since", "2h", "--json"])
        #expect(json.json["granularity"] as? String == "minute")
        #expect((json.json["buckets"] as? [Any])?.count == 121)
        #expect(try server.cli(["key", "usage", id, "--since", "soon"]).status == 2)
        #expect(try server.cli(["key", "usage", "key_0000000000000000000000"]).status == 1)

        var alerts = try server.cli(["alerts", "list", "--open"])
        for _ in 0..<10 where !alerts.stdout.contains("key.revoked_use") {
            try await Task.sleep(for: .milliseconds(500))
            alerts = try server.cli(["alerts", "list", "--open"])
        }
        #expect(alerts.stdout.contains("key.revoked_use"), "\(alerts)")
        #expect(alerts.stdout.contains(id), "\(alerts)")
        let listed = try server.cli(["alerts", "list", "--json"])
        let alertID = try #require(((listed.json["items"] as? [[String: Any]])?.first)?["id"] as? String)
        let acked = try server.cli(["alerts", "ack", alertID])
        #expect(acked.status == 0, "\(acked)")
        #expect(try server.cli(["alerts", "list", "--open"]).stdout.contains("(none)"))
        #expect(try server.cli(["alerts", "list", "--type", "key.nothing"]).status == 2)
        let report = try server.cli(["audit", "report", "--unused-for", "1d"])
        #expect(report.status == 0, "\(report)")
        #expect(report.stdout.contains("keys never used"), "\(report)")
        #expect(report.stdout.contains("compromised secrets"), "\(report)")
        #expect(try server.cli(["audit", "report", "--unused-for", "a while"]).status == 2)
        let everything = [chart, json, alerts, listed, acked, report].map { $0.stdout + $0.stderr }.joined()
        let leaked = everything.contains(key)
        #expect(!leaked, "CLI output holds the plaintext key")
    }
}
