import Foundation
import HTTPTypes
import KeywardCore
import Testing

@Suite("GET /metrics")
struct MetricsTests {
    /// The value of the sample `name` (with its labels, as Prometheus writes them), or nil.
    static func sample(_ name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test("after known traffic, counters by code, the latency histogram, alerts, cache lookups and audit appends say what happened")
    func knownTraffic() async throws {
        try await TestServer.run { server, api in
            _ = try await api.keyspace("metered")
            let (key, id) = try await api.key(in: "metered")
            for _ in 0..<3 { #expect(try await api.verify(key).code == "VALID") }
            for _ in 0..<2 { #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .ok) }
            #expect(try await api.verify("not a key").code == "MALFORMED")
            #expect(try await api.verify(APIKey.generate(prefix: .defaultKeyspace).secret).code == "NOT_FOUND")
            _ = try await api.post("/v1/keys/\(id)/revoke", "{}")
            #expect(try await api.verify(key).code == "REVOKED")
            await server.built.engine.usage.flush()
            // The REVOKED answer's entry waits for the recorder's next pass: write it now, so
            // the log and the counter are compared with nothing in flight.
            await server.built.engine.auditRecorder.flush(closingAll: true)

            let answer = try await api.get("/metrics")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = answer.text
            #expect(Self.sample(#"keyward_verifications_total{code="VALID"}"#, in: text) == 5)
            #expect(Self.sample(#"keyward_verifications_total{code="MALFORMED"}"#, in: text) == 1)
            #expect(Self.sample(#"keyward_verifications_total{code="REVOKED"}"#, in: text) == 1)
            #expect(Self.sample(#"keyward_verifications_total{code="RATE_LIMITED"}"#, in: text) == 0)
            #expect(Self.sample(#"keyward_verifications_total{code="NOT_FOUND"}"#, in: text) == 1)
            #expect(Self.sample("keyward_verification_duration_seconds_count", in: text) == 8)
            #expect(Self.sample(#"keyward_verification_duration_seconds_bucket{le="+Inf"}"#, in: text) == 8)
            #expect(Self.sample(#"keyward_alerts_total{type="key.revoked_use"}"#, in: text) == 1)
            #expect(Self.sample(#"keyward_alerts_total{type="key.leaked"}"#, in: text) == 0)
            let hits = try #require(Self.sample(#"keyward_key_cache_lookups_total{result="hit"}"#, in: text))
            let misses = try #require(Self.sample(#"keyward_key_cache_lookups_total{result="miss"}"#, in: text))
            #expect(hits >= 4, "five valid answers of one key: the first asks the store, the rest are hits")
            #expect(misses >= 1)
            #expect(text.contains("# TYPE keyward_verifications_total counter"))
            #expect(text.contains("# TYPE keyward_verification_duration_seconds histogram"))

            // Every entry of the log went through the counter, and only those.
            let audit = try await api.get("/v1/audit?limit=1000")
            #expect(Self.sample("keyward_audit_appends_total", in: text) == Double(audit.items.count))

            // A second scrape adds only what happened since: cache counts are not added twice.
            let again = try await api.get("/metrics").text
            #expect(Self.sample(#"keyward_key_cache_lookups_total{result="hit"}"#, in: again) == hits)
            #expect(!text.contains(key) && !text.contains(server.rootToken) && !text.contains(id), "a metric names a key, a token or a key id")
        }
    }

    @Test("/metrics needs metrics:read or admin; --metrics-public serves it to anyone")
    func access() async throws {
        try await TestServer.run { _, api in
            #expect(try await api.with(token: nil).get("/metrics").status == .unauthorized)
            let reader = try #require(try await api.post("/v1/tokens", #"{"scopes":["keys:read"]}"#).string("token"))
            let refused = try await api.with(token: reader).get("/metrics")
            #expect(refused.status == .forbidden)
            #expect(refused.code == "INSUFFICIENT_SCOPE")
            let scraper = try #require(try await api.post("/v1/tokens", #"{"scopes":["metrics:read"]}"#).string("token"))
            #expect(try await api.with(token: scraper).get("/metrics").status == .ok)
            #expect(try await api.with(token: "kwm_garbage").get("/metrics").status == .unauthorized)
        }
        try await TestServer.run(configure: { $0.metricsPublic = true }) { _, api in
            let open = try await api.with(token: nil).get("/metrics")
            #expect(open.status == .ok)
            #expect(open.text.contains("keyward_verifications_total"))
        }
    }
}
