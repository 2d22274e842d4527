import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Synchronization
import Testing

@Suite("Usage and anomaly detection")
struct MonitoringTests {
    /// An engine on a real SQLite file with a manual clock at the start of a minute.
    static func withEngine(
        _ policy: MonitoringPolicy = MonitoringPolicy(), _ body: (Engine, ManualClock, Keyspace) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder("keyward-monitoring")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        let clock = ManualClock(Date(timeIntervalSince1970: 1_789_999_980))
        let source = MasterKeySource(environmentValue: MasterKey.generate().base64, keyFile: folder.file("unused.key"))
        let engine = try await Engine.open(store: store, masterKeySource: source, clock: clock, monitoring: policy, logger: Logger(label: "test"))
            .engine
        do {
            let keyspace = try await engine.keyspaces.create(name: "monitoring", KeyspaceChanges(), by: .system)
            try await body(engine, clock, keyspace)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func verify(_ engine: Engine, _ key: String, from address: String, times: Int = 1) async throws -> VerificationCode {
        var code = VerificationCode.malformed
        for _ in 0..<times { code = try await engine.verifier.verify(VerificationRequest(key: key, client: IPAddress(address))).code }
        return code
    }

    static func alerts(_ engine: Engine, _ type: AlertType? = nil) async throws -> [Alert] {
        try await engine.alerts.list(AlertFilter(type: type), PageRequest(limit: 1000)).items
    }

    @Test("counts per outcome are in the store after a flush, lastUsedAt moves, and a revoked key's use is one folded alert")
    func usageAndRevokedUse() async throws {
        try await Self.withEngine { engine, clock, keyspace in
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            #expect(try await Self.verify(engine, created.key.secret, from: "10.0.0.1", times: 3) == .valid)
            clock.advance(by: 1)
            await engine.usage.flush()
            #expect(try await engine.keys.get(created.record.id).lastUsedAt == clock.now().addingTimeInterval(-1))
            _ = try await engine.keys.revoke(created.record.id, reason: nil, by: .system)
            #expect(try await Self.verify(engine, created.key.secret, from: "10.0.0.1", times: 2) == .revoked)
            await engine.usage.flush()
            #expect(try await Self.verify(engine, created.key.secret, from: "10.0.0.2") == .revoked)
            await engine.usage.flush()

            let query = try UsageQuery(from: clock.now().addingTimeInterval(-120), to: clock.now(), granularity: .minute)
            let buckets = try await engine.usageReports.key(created.record.id, query)
            #expect(buckets.reduce(into: [VerificationCode: Int64]()) { $0.merge($1.counts, uniquingKeysWith: +) } == [.valid: 3, .revoked: 3])
            let revoked = try await Self.alerts(engine, .revokedUse)
            #expect(revoked.count == 1, "three uses in two flushes fold into one alert")
            #expect(revoked.first?.count == 3)
            #expect(revoked.first?.keyID == created.record.id)
            #expect(revoked.first?.details["code"] == .string("REVOKED"))
            #expect(revoked.first?.details["network"] == .string("10.0.0.0/24"))
            #expect(try await Self.alerts(engine).count == 1, "no other alert: the key is young, the rate flat")
        }
    }

    @Test("64 callers verifying while flushes run beside them: every answer is counted once")
    func concurrentCounting() async throws {
        try await Self.withEngine { engine, _, keyspace in
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            let secret = created.key.secret
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<64 {
                    group.addTask { _ = try await Self.verify(engine, secret, from: "10.0.\(caller).1", times: 10) }
                }
                group.addTask { for _ in 0..<20 { await engine.usage.flush() } }
                try await group.waitForAll()
            }
            await engine.usage.flush()
            let query = try UsageQuery(from: engine.now.addingTimeInterval(-120), to: engine.now.addingTimeInterval(60), granularity: .minute)
            let total = try await engine.usageReports.key(created.record.id, query).map(\.total).reduce(0, +)
            #expect(total == 640)
        }
    }

    @Test("a key with a day of history used from a new /24 raises key.new_network once; the same /24 and a young key's second network do not")
    func newNetwork() async throws {
        try await Self.withEngine { engine, clock, keyspace in
            let old = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            let young = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            _ = try await Self.verify(engine, old.key.secret, from: "10.0.0.1")
            await engine.usage.flush()
            clock.advance(by: 86_400 + 60)
            _ = try await Self.verify(engine, old.key.secret, from: "10.0.0.200")
            _ = try await Self.verify(engine, young.key.secret, from: "10.9.0.1")
            await engine.usage.flush()
            #expect(try await Self.alerts(engine).isEmpty, "the same /24, and a key's first network, are no news")
            _ = try await Self.verify(engine, young.key.secret, from: "172.16.0.1")
            _ = try await Self.verify(engine, old.key.secret, from: "198.51.100.4", times: 5)
            await engine.usage.flush()
            _ = try await Self.verify(engine, old.key.secret, from: "198.51.100.9")
            await engine.usage.flush()
            let alerts = try await Self.alerts(engine, .newNetwork)
            #expect(alerts.count == 1)
            #expect(alerts.first?.keyID == old.record.id)
            #expect(alerts.first?.details["network"] == .string("198.51.100.0/24"))
            #expect(alerts.first?.count == 1)
        }
    }

    @Test("a key's network whose write failed is sent again at its next use from that network, and then alerts")
    func newNetworkAfterFailedWrite() async throws {
        let folder = try TemporaryFolder("keyward-monitoring")
        defer { folder.remove() }
        let store = NetworkWriteFailingStore(try await SQLiteStore.open(path: folder.file("keyward.db")))
        let clock = ManualClock(Date(timeIntervalSince1970: 1_789_999_980))
        let source = MasterKeySource(environmentValue: MasterKey.generate().base64, keyFile: folder.file("unused.key"))
        let engine = try await Engine.open(store: store, masterKeySource: source, clock: clock, logger: Logger(label: "test")).engine
        let keyspace = try await engine.keyspaces.create(name: "monitoring", KeyspaceChanges(), by: .system)
        let key = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
        _ = try await Self.verify(engine, key.key.secret, from: "10.0.0.1")
        await engine.usage.flush()
        clock.advance(by: 86_400 + 60)
        store.failing = true
        _ = try await Self.verify(engine, key.key.secret, from: "198.51.100.4")
        await engine.usage.flush()
        #expect(try await Self.alerts(engine, .newNetwork).isEmpty, "the write failed")
        store.failing = false
        // The same /24: the key's shortcut must not take it for one already sent.
        _ = try await Self.verify(engine, key.key.secret, from: "198.51.100.9")
        await engine.usage.flush()
        let alerts = try await Self.alerts(engine, .newNetwork)
        #expect(alerts.count == 1)
        #expect(alerts.first?.details["network"] == .string("198.51.100.0/24"))
        try await store.close()
    }

    @Test("a minute far above the key's own baseline raises key.rate_spike when it closes; a steady rate and a smaller rise do not")
    func rateSpike() async throws {
        let policy = MonitoringPolicy(anomalies: AnomalyPolicy(rateSpike: RateBaseline.Rule(factor: 10, minimumRequests: 50, warmUpMinutes: 30)))
        try await Self.withEngine(policy) { engine, clock, keyspace in
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            let minute = { (count: Int) in
                _ = try await Self.verify(engine, created.key.secret, from: "10.0.0.1", times: count)
                await engine.usage.flush()
                clock.advance(by: 60)
            }
            for _ in 0..<40 { try await minute(5) }
            try await minute(45)  // 9 × the baseline, under the factor
            try await minute(5)
            await engine.usage.flush()
            #expect(try await Self.alerts(engine).isEmpty)
            try await minute(120)
            await engine.usage.flush()
            let spikes = try await Self.alerts(engine, .rateSpike)
            #expect(spikes.count == 1)
            #expect(spikes.first?.details["requests"] == .number(120))
        }
    }

    @Test("a source blocked for a burst of NOT_FOUND raises source.brute_force naming it")
    func bruteForce() async throws {
        try await Self.withEngine { engine, _, keyspace in
            for _ in 0..<60 { _ = try await Self.verify(engine, APIKey.generate(prefix: keyspace.prefix).secret, from: "203.0.113.9") }
            await engine.usage.flush()
            let alerts = try await Self.alerts(engine, .bruteForce)
            #expect(alerts.count == 1)
            #expect(alerts.first?.source == "203.0.113.9")
            #expect(alerts.first?.severity == .warning)
        }
    }

    @Test("a leak report raises key.leaked for each key it names, and no alert or usage row holds a plaintext key")
    func leakAndNoPlaintext() async throws {
        try await Self.withEngine { engine, _, keyspace in
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            _ = try await Self.verify(engine, created.key.secret, from: "10.0.0.1", times: 2)
            _ = try await engine.leaks.report([created.key.secret], source: "ci", by: .system)
            _ = try await Self.verify(engine, created.key.secret, from: "10.0.0.1")
            await engine.usage.flush()
            let leaked = try await Self.alerts(engine, .keyLeaked)
            #expect(leaked.count == 1)
            #expect(leaked.first?.severity == .critical)
            #expect(leaked.first?.details["source"] == .string("ci"))
            let everything = try await Self.alerts(engine)
            let text = everything.map { "\($0)" }.joined()
            let holdsKey = text.contains(created.key.secret) || text.contains(String(created.key.secret.suffix(24)))
            #expect(!holdsKey, "an alert holds the plaintext key")
        }
    }

    @Test("compaction keeps counts and drops what is past retention, with the clock")
    func retention() async throws {
        try await Self.withEngine(MonitoringPolicy(retention: UsageRetention(minuteDays: 1, days: 2))) { engine, clock, keyspace in
            let created = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
            _ = try await Self.verify(engine, created.key.secret, from: "10.0.0.1", times: 4)
            await engine.usage.flush()
            let start = clock.now()
            clock.advance(by: 2 * 3600 + 86_400)
            await engine.usage.compact()
            let wide = try UsageQuery(from: start.addingTimeInterval(-3600), to: start.addingTimeInterval(3600), granularity: .hour)
            #expect(try await engine.usageReports.key(created.record.id, wide).map(\.total).reduce(0, +) == 4, "rolled into its hour")
            clock.advance(by: 86_400)
            await engine.usage.compact()
            #expect(try await engine.usageReports.key(created.record.id, wide).map(\.total).reduce(0, +) == 0, "past two days: gone")
        }
    }
}

/// A store whose writes of the networks keys were used from fail while `failing` is set.
final class NetworkWriteFailingStore: ForwardingStore, @unchecked Sendable {
    private let state = Mutex(false)

    var failing: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }

    override func noteKeyNetworks(_ sightings: [KeyNetworkSighting], historySince: Date) async throws -> [KeyNetworkSighting] {
        if failing { throw KeywardError(.storageFailure, "disk I/O error (test)") }
        return try await base.noteKeyNetworks(sightings, historySince: historySince)
    }
}
