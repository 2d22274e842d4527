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

    @Test("keyspace create|update set the monitoring policy; a bad value exits 2 naming it; /metrics answers a metrics:read token")
    func keyspacePolicyAndMetrics() async throws {
        let folder = try TemporaryFolder("keyward-cli-policy")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let created = try server.cli([
            "keyspace", "create", "guarded", "--on-theft", "disable", "--revoke-unused-after", "90d", "--spike-factor", "4", "--json",
        ])
        #expect(created.status == 0, "\(created)")
        #expect(created.json["onTheft"] as? String == "disable")
        #expect(created.json["revokeUnusedAfter"] as? String == "90d")
        let updated = try server.cli(["keyspace", "update", "guarded", "--spike-minimum", "20", "--revoke-unused-after", "never", "--json"])
        #expect(updated.status == 0, "\(updated)")
        let anomalies = updated.json["anomalies"] as? [String: Any]
        #expect(anomalies?["spikeFactor"] as? Double == 4, "a threshold not named stays")
        #expect(anomalies?["spikeMinimum"] as? Double == 20)
        #expect(updated.json["revokeUnusedAfter"] is NSNull)
        let shown = try server.cli(["keyspace", "show", "guarded"])
        #expect(shown.stdout.contains("onTheft") && shown.stdout.contains("disable"), "\(shown)")
        let bad = try server.cli(["keyspace", "update", "guarded", "--spike-factor", "lots"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("anomalies.spikeFactor"), "\(bad)")
        #expect(try server.cli(["keyspace", "update", "guarded", "--revoke-unused-after", "2h"]).status == 2)

        let token = try server.cli(["token", "create", "--scope", "metrics:read", "--json"])
        let scraper = try #require(token.json["token"] as? String)
        let metrics = try server.cli(["keyspace", "list", "--token", scraper])
        #expect(metrics.status == 1, "a metrics:read token reads no keyspaces (403)")
        let answer = try await HTTP.send(.GET, server.address + "/metrics", headers: [("Authorization", "Bearer \(scraper)")])
        #expect(answer.status == 200)
        #expect(answer.body.contains("keyward_verifications_total"))
    }
}
