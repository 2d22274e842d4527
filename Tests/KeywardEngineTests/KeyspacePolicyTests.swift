import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import Testing

/// A keyspace's monitoring policy: its own thresholds, `onTheft: disable` and
/// `revokeUnusedAfter`, driven by the manual clock on a real SQLite store.
@Suite("Keyspace monitoring policies")
struct KeyspacePolicyTests {
    typealias Helpers = MonitoringTests

    static func keyspace(_ engine: Engine, _ name: String, _ changes: KeyspaceChanges) async throws -> Keyspace {
        try await engine.keyspaces.create(name: name, changes, by: .system)
    }

    static func entries(_ engine: Engine, action: String, target: String? = nil) async throws -> [AuditEntry] {
        try await engine.audit.list(AuditFilter(action: action, target: target), PageRequest(limit: 1000)).items
    }

    @Test("a keyspace's spike thresholds replace the server's for its keys only, and a change to them applies at once")
    func spikeThresholds() async throws {
        let policy = MonitoringPolicy(anomalies: AnomalyPolicy(rateSpike: RateBaseline.Rule(factor: 10, minimumRequests: 50, warmUpMinutes: 30)))
        try await Helpers.withEngine(policy) { engine, clock, plain in
            var tight = KeyspaceChanges()
            tight.spikeFactor = 3
            tight.spikeMinimum = 10
            let tuned = try await Self.keyspace(engine, "tuned", tight)
            let watched = try await engine.keys.create(in: tuned.id, KeyChanges(), by: .system)
            let other = try await engine.keys.create(in: plain.id, KeyChanges(), by: .system)
            let minute = { (count: Int) in
                for key in [watched, other] { _ = try await Helpers.verify(engine, key.key.secret, from: "10.0.0.1", times: count) }
                await engine.usage.flush()
                clock.advance(by: 60)
            }
            for _ in 0..<40 { try await minute(5) }
            try await minute(20)  // 4 × the baseline: a spike under 3 × and 10, not under 10 × and 50
            try await minute(5)
            await engine.usage.flush()
            let spikes = try await Helpers.alerts(engine, .rateSpike)
            #expect(spikes.map(\.keyID) == [watched.record.id])

            // The plain keyspace takes the same thresholds; the next such minute alerts for its key too.
            var change = KeyspaceChanges()
            change.spikeFactor = 3
            change.spikeMinimum = 10
            _ = try await engine.keyspaces.update(plain.id, change, by: .system)
            for _ in 0..<10 { try await minute(5) }
            try await minute(40)
            try await minute(5)
            await engine.usage.flush()
            let after = try await Helpers.alerts(engine, .rateSpike)
            #expect(Set(after.compactMap(\.keyID)) == [watched.record.id, other.record.id])
        }
    }

    @Test("a keyspace's newNetworkAfter: its keys alert on a new network after an hour of history, the server's after a day")
    func networkHistory() async throws {
        try await Helpers.withEngine { engine, clock, plain in
            var quick = KeyspaceChanges()
            quick.newNetworkAfter = .some(try DurationText(parsing: "1h"))
            let tuned = try await Self.keyspace(engine, "quick", quick)
            let watched = try await engine.keys.create(in: tuned.id, KeyChanges(), by: .system)
            let other = try await engine.keys.create(in: plain.id, KeyChanges(), by: .system)
            for key in [watched, other] { _ = try await Helpers.verify(engine, key.key.secret, from: "10.0.0.1") }
            await engine.usage.flush()
            clock.advance(by: 7_200)
            for key in [watched, other] { _ = try await Helpers.verify(engine, key.key.secret, from: "198.51.100.7") }
            await engine.usage.flush()
            let alerts = try await Helpers.alerts(engine, .newNetwork)
            #expect(alerts.map(\.keyID) == [watched.record.id])
        }
    }

    /// A key used from 10.0.0.1 a day ago, rotated with no grace: the old key is now rotated out.
    static func rotatedLine(_ engine: Engine, _ clock: ManualClock, in keyspace: Keyspace) async throws -> (
        old: KeyService.Created, new: KeyService.Created
    ) {
        let old = try await engine.keys.create(in: keyspace.id, KeyChanges(), by: .system)
        _ = try await Helpers.verify(engine, old.key.secret, from: "10.0.0.1")
        await engine.usage.flush()
        clock.advance(by: 86_400 + 60)
        let new = try await engine.keys.rotate(old.record.id, grace: 0, by: .system)
        clock.advance(by: 1)
        return (old, new)
    }

    @Test(
        "onTheft: disable disables the live successor when a rotated-out key is used from a new network, audited; alert-only keyspaces and known networks do not"
    )
    func theftDisables() async throws {
        try await Helpers.withEngine { engine, clock, plain in
            var strict = KeyspaceChanges()
            strict.onTheft = .disable
            let guarded = try await Self.keyspace(engine, "guarded", strict)
            let stolen = try await Self.rotatedLine(engine, clock, in: guarded)
            let known = try await Self.rotatedLine(engine, clock, in: guarded)
            let alertOnly = try await Self.rotatedLine(engine, clock, in: plain)

            #expect(try await Helpers.verify(engine, stolen.old.key.secret, from: "198.51.100.7") == .expired)
            #expect(try await Helpers.verify(engine, known.old.key.secret, from: "10.0.0.1") == .expired)
            #expect(try await Helpers.verify(engine, alertOnly.old.key.secret, from: "198.51.100.7") == .expired)
            await engine.usage.flush()

            #expect(try await engine.keys.get(stolen.new.record.id).state(at: engine.now) == .disabled)
            #expect(try await engine.keys.get(known.new.record.id).state(at: engine.now) == .active, "a known network is not a theft signal")
            #expect(try await engine.keys.get(alertOnly.new.record.id).state(at: engine.now) == .active, "onTheft: alert only alerts")
            #expect(try await Helpers.verify(engine, stolen.new.key.secret, from: "10.0.0.1") == .disabled)

            let disabled = try await Self.entries(engine, action: "key.disable")
            #expect(disabled.map(\.target) == [stolen.new.record.id])
            #expect(disabled.first?.actor == .system)
            #expect(disabled.first?.details["signal"] == .string("key.revoked_use"))
            #expect(disabled.first?.details["signalKeyId"] == .string(stolen.old.record.id))
            let alerts = try await Helpers.alerts(engine, .revokedUse)
            let stolenAlert = alerts.first { $0.keyID == stolen.old.record.id }
            #expect(stolenAlert?.details["disabledKeyId"] == .string(stolen.new.record.id))
            #expect(alerts.filter { $0.details["disabledKeyId"] != nil }.count == 1)
        }
    }

    @Test("onTheft: disable on a leak report: the leaked key in its grace is revoked and its successor disabled")
    func leakDisablesSuccessor() async throws {
        try await Helpers.withEngine { engine, clock, _ in
            var strict = KeyspaceChanges()
            strict.onTheft = .disable
            let guarded = try await Self.keyspace(engine, "guarded", strict)
            let old = try await engine.keys.create(in: guarded.id, KeyChanges(), by: .system)
            let new = try await engine.keys.rotate(old.record.id, grace: 3_600, by: .system)
            let lone = try await engine.keys.create(in: guarded.id, KeyChanges(), by: .system)
            _ = try await engine.leaks.report([old.key.secret, lone.key.secret], source: "pastebin", by: .system)

            #expect(try await engine.keys.get(old.record.id).state(at: engine.now) == .revoked)
            #expect(try await engine.keys.get(new.record.id).state(at: engine.now) == .disabled)
            #expect(try await engine.keys.get(lone.record.id).state(at: engine.now) == .revoked, "a key with no successor is revoked, nothing more")
            let leaked = try await Helpers.alerts(engine, .keyLeaked)
            #expect(leaked.first { $0.keyID == old.record.id }?.details["disabledKeyId"] == .string(new.record.id))
            #expect(try await Self.entries(engine, action: "key.disable").map(\.target) == [new.record.id])
        }
    }

    @Test("revokeUnusedAfter revokes active keys unused for the period, or never used and that old, and audits each; others stay")
    func revokeUnused() async throws {
        try await Helpers.withEngine { engine, clock, plain in
            var tidy = KeyspaceChanges()
            tidy.revokeUnusedAfter = .some(try DurationText(parsing: "30d"))
            let cleaned = try await Self.keyspace(engine, "cleaned", tidy)
            let usedOnce = try await engine.keys.create(in: cleaned.id, KeyChanges(), by: .system)
            let neverUsed = try await engine.keys.create(in: cleaned.id, KeyChanges(), by: .system)
            let usedLater = try await engine.keys.create(in: cleaned.id, KeyChanges(), by: .system)
            let elsewhere = try await engine.keys.create(in: plain.id, KeyChanges(), by: .system)
            _ = try await Helpers.verify(engine, usedOnce.key.secret, from: "10.0.0.1")
            await engine.usage.flush()
            clock.advance(by: 20 * 86_400)
            _ = try await Helpers.verify(engine, usedLater.key.secret, from: "10.0.0.1")
            clock.advance(by: 9 * 86_400)
            #expect(await engine.unusedKeys.revokeUnused().isEmpty, "29 days: nothing is due")

            clock.advance(by: 2 * 86_400)
            let first = await engine.unusedKeys.revokeUnused()
            #expect(Set(first) == [usedOnce.record.id, neverUsed.record.id])
            #expect(try await engine.keys.get(usedLater.record.id).state(at: engine.now) == .active, "used 11 days ago")
            #expect(try await engine.keys.get(elsewhere.record.id).state(at: engine.now) == .active, "its keyspace has no such policy")
            let entries = try await Self.entries(engine, action: "key.revoke")
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.actor == .system && $0.details["policy"] == .string("revokeUnusedAfter") })
            #expect(try await Helpers.verify(engine, neverUsed.key.secret, from: "10.0.0.1") == .revoked)

            clock.advance(by: 20 * 86_400)
            #expect(await engine.unusedKeys.revokeUnused() == [usedLater.record.id])
        }
    }

    @Test("revokeUnusedAfter passes side by side with operators revoking the same keys: each key is revoked once, all of them")
    func revokeUnusedRacing() async throws {
        try await Helpers.withEngine { engine, clock, _ in
            var tidy = KeyspaceChanges()
            tidy.revokeUnusedAfter = .some(try DurationText(parsing: "1d"))
            let cleaned = try await Self.keyspace(engine, "cleaned", tidy)
            var ids: [String] = []
            for _ in 0..<40 { ids.append(try await engine.keys.create(in: cleaned.id, KeyChanges(), by: .system).record.id) }
            clock.advance(by: 2 * 86_400)
            let operatorContext = AuditContext(actor: .client(IPAddress("10.1.1.1")))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { await engine.unusedKeys.revokeUnused() } }
                for id in ids { group.addTask { _ = try await engine.keys.revoke(id, reason: "by hand", by: operatorContext) } }
                try await group.waitForAll()
            }
            for id in ids { #expect(try await engine.keys.get(id).state(at: engine.now) == .revoked) }
            let entries = try await Self.entries(engine, action: "key.revoke")
            let first = entries.filter { $0.details["alreadyRevoked"] == .bool(false) }
            #expect(first.count == ids.count, "every key has exactly one first revocation")
            #expect(Set(first.compactMap(\.target)) == Set(ids))
        }
    }
}
