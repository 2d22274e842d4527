import Foundation
import KeywardCore
import KeywardStore
import Logging
import ServiceLifecycle
import Synchronization

/// Counts verifications off the request path (SPEC §5 usage, §9 anomalies).
/// A verification that found a key notes, under one mutex, its code in the
/// key's counters for the minute, its time when `VALID`, and the client's
/// network when the key was not seen from it lately. A background service
/// writes the counts and `lastUsedAt` once a second in one transaction (so
/// usage is visible within about a second, and never costs a write per
/// request), and hands the same batch to the detectors.
///
/// Memory is bounded: at most `maximumSlots` key-minutes, `maximumSightings`
/// new networks and `maximumEvents` keys with revoked uses (and as many source
/// blocks) wait for a flush (a second's worth); past them, counts are dropped,
/// and the next flush logs how many.
public final class UsageRecorder: Service, Sendable {
    public static let maximumSlots = 100_000
    public static let maximumSightings = 20_000
    public static let maximumEvents = 10_000
    /// Key-network pairs remembered as already sent to the store (cleared when full).
    static let knownCapacity = 200_000

    /// Keys' ids are hashed once per cache fill (`VerifiableKey.id`), not per request.
    struct Slot: Hashable {
        var key: Prehashed<String>
        /// Minute start, seconds since 1970.
        var minute: Int64
        var keyID: String { key.value }
    }

    /// One key's counters for one minute. A reference, so that the key's
    /// `usageShortcut` reaches them without a lookup; changed only under the
    /// recorder's lock, and never after a flush took them.
    final class Counts {
        let keyspaceID: String
        var byCode = [Int64](repeating: 0, count: VerificationCode.allCases.count)
        var lastValid: Date?

        init(keyspaceID: String) {
            self.keyspaceID = keyspaceID
        }

        func add(_ code: VerificationCode, at time: Date) {
            byCode[code.ordinal] += 1
            if code == .valid { lastValid = time }
        }
    }

    /// What a cached key's `usageShortcut` holds: its counters for `minute`
    /// (current while no flush has taken them since, `generation`) and the
    /// last network of its that the recorder knows it sent (current while
    /// `known` has not been emptied or trimmed since, `knownEpoch`). `owner`
    /// names the recorder, so another one never trusts it.
    final class KeyUsage {
        let owner: ObjectIdentifier
        var counts: Counts?
        var minute: Int64 = 0
        var generation = -1
        var network: IPAddress?
        var knownEpoch = -1

        init(owner: ObjectIdentifier) {
            self.owner = owner
        }
    }

    struct Sighting: Hashable {
        var key: Prehashed<String>
        var network: IPAddress
        var keyID: String { key.value }
    }

    struct RevokedUse {
        var keyspaceID: String
        var code: VerificationCode
        var count: Int64
        var last: Date
        var source: IPAddress?
    }

    struct State {
        var counts: [Slot: Counts] = [:]
        var sightings: [Sighting: (keyspaceID: String, time: Date)] = [:]
        var known: Set<Sighting> = []
        /// Counts each flush that took `counts`, and each time `known` lost
        /// members: what a key's shortcut holds from before is stale.
        var generation = 0
        var knownEpoch = 0
        var revokedUses: [String: RevokedUse] = [:]
        var blocks: [SourceBlocker.Event] = []
        var dropped: Int64 = 0
    }

    private let state = Mutex(State())
    private let store: any Store
    private let alerts: AlertService
    private let spikes = RateSpikeDetector()
    private let policy: AnomalyPolicy
    /// Each keyspace's own thresholds and `onTheft`.
    private let keyspacePolicies: KeyspacePolicies
    private let theft: TheftResponder
    private let retention: UsageRetention
    private let time: EngineClock
    private let logger: Logger
    private let flushing = AsyncMutex()

    init(
        store: any Store, alerts: AlertService, policy: AnomalyPolicy, keyspacePolicies: KeyspacePolicies, theft: TheftResponder,
        retention: UsageRetention, time: EngineClock, logger: Logger
    ) {
        self.store = store
        self.alerts = alerts
        self.policy = policy
        self.keyspacePolicies = keyspacePolicies
        self.theft = theft
        self.retention = retention
        self.time = time
        self.logger = logger
    }

    /// Notes an answer about a key that was found (every code but `MALFORMED`,
    /// `SOURCE_BLOCKED` and `NOT_FOUND`, which name no key).
    public func noteVerification(key: VerifiableKey, code: VerificationCode, client: IPAddress?, at now: Date) {
        let record = key.record
        let minute = UsageCount.minuteStart(of: now)
        let owner = ObjectIdentifier(self)
        state.withLock { state in
            let usage: KeyUsage
            if let kept = key.usageShortcut.value as? KeyUsage, kept.owner == owner {
                usage = kept
            } else {
                usage = KeyUsage(owner: owner)
                key.usageShortcut.value = usage
            }
            // The steady state: the key's counters for this minute, through its shortcut.
            if let counts = usage.counts, usage.minute == minute, usage.generation == state.generation {
                counts.add(code, at: now)
            } else if let counts = Self.counts(of: key, minute: minute, state: &state) {
                counts.add(code, at: now)
                usage.counts = counts
                usage.minute = minute
                usage.generation = state.generation
            }
            if let client {
                let network = NetworkPrefix.of(client)
                if usage.network != network || usage.knownEpoch != state.knownEpoch {
                    let sighting = Sighting(key: key.id, network: network)
                    var isKnown = state.known.contains(sighting)
                    if !isKnown, state.sightings.count < Self.maximumSightings {
                        if state.known.count >= Self.knownCapacity {
                            state.known.removeAll(keepingCapacity: true)
                            state.knownEpoch += 1
                        }
                        state.known.insert(sighting)
                        state.sightings[sighting] = (record.keyspaceId, now)
                        isKnown = true
                    }
                    if isKnown {
                        usage.network = network
                        usage.knownEpoch = state.knownEpoch
                    }
                }
            }
            if code == .revoked || code == .expired {
                if var use = state.revokedUses[record.id] {
                    use.count += 1
                    use.last = now
                    use.source = client
                    state.revokedUses[record.id] = use
                } else if state.revokedUses.count < Self.maximumEvents {
                    state.revokedUses[record.id] = RevokedUse(keyspaceID: record.keyspaceId, code: code, count: 1, last: now, source: client)
                }
            }
        }
    }

    /// The counters of `key` for `minute`, made when there are none; nil when
    /// the recorder holds as many key-minutes as it may (the use is dropped).
    private static func counts(of key: VerifiableKey, minute: Int64, state: inout State) -> Counts? {
        let slot = Slot(key: key.id, minute: minute)
        if let counts = state.counts[slot] { return counts }
        guard state.counts.count < maximumSlots else {
            state.dropped += 1
            return nil
        }
        let counts = Counts(keyspaceID: key.record.keyspaceId)
        state.counts[slot] = counts
        return counts
    }

    /// Notes a source block that began: a `source.brute_force` alert.
    public func noteBlock(_ event: SourceBlocker.Event) {
        guard event.began else { return }
        state.withLock { state in
            if state.blocks.count < Self.maximumEvents { state.blocks.append(event) }
        }
    }

    /// Writes what was noted since the last flush and raises the alerts it
    /// shows. Flushes run one at a time, so one that returns has seen every
    /// note made before it was called written.
    public func flush() async {
        await flushing.withLock { await self.flushInOrder() }
    }

    private func flushInOrder() async {
        let now = time.now
        let taken = state.withLock { state in
            defer {
                state.generation += 1
                state.counts.removeAll(keepingCapacity: true)
                state.sightings.removeAll(keepingCapacity: true)
                state.revokedUses.removeAll(keepingCapacity: true)
                state.blocks.removeAll(keepingCapacity: true)
                state.dropped = 0
            }
            return state
        }
        if taken.dropped > 0 {
            logger.warning("usage counts dropped: more keys in one second than the recorder holds", metadata: ["dropped": "\(taken.dropped)"])
        }
        await write(taken.counts)
        // Kept in memory until a keyspace changes: one mutex, no read, in the steady state.
        let policies = await keyspacePolicies.all()
        var signals = spikeSignals(taken.counts, now: now, policies: policies)
        let newNetworks = await networkSignals(taken.sightings, now: now, policies: policies)
        signals += newNetworks.signals
        for (id, use) in taken.revokedUses.sorted(by: { $0.key < $1.key }) {
            var details: [String: JSONValue] = ["code": .string(use.code.rawValue)]
            if let source = use.source {
                details["network"] = .string(NetworkPrefix.text(of: source))
                details["newNetwork"] = .bool(newNetworks.keys.contains(id))
            }
            // The strong signal: a dead key, and from a network it never used.
            if newNetworks.keys.contains(id), let disabled = await theft.respond(to: .revokedUse, keyID: id, keyspaceID: use.keyspaceID) {
                details["disabledKeyId"] = .string(disabled)
            }
            signals.append(
                AlertSignal(
                    type: .revokedUse, keyID: id, keyspaceID: use.keyspaceID, source: use.source?.description, time: use.last, count: use.count,
                    details: details))
        }
        signals += taken.blocks.map { event in
            AlertSignal(
                type: .bruteForce, source: event.source.description, time: now, details: ["blockedUntil": .string(Timestamp.format(event.until))])
        }
        if !signals.isEmpty { await alerts.raise(signals) }
    }

    /// Writes the counts and last-used times in one transaction; on failure
    /// they go back for the next flush.
    private func write(_ counts: [Slot: Counts]) async {
        guard !counts.isEmpty else { return }
        var rows: [UsageCount] = []
        var lastUsed: [String: Date] = [:]
        for (slot, entry) in counts {
            for code in VerificationCode.allCases where entry.byCode[code.ordinal] > 0 {
                rows.append(
                    UsageCount(
                        keyID: slot.keyID, keyspaceID: entry.keyspaceID, bucketStart: slot.minute, code: code, count: entry.byCode[code.ordinal]))
            }
            if let last = entry.lastValid, lastUsed[slot.keyID].map({ $0 < last }) ?? true { lastUsed[slot.keyID] = last }
        }
        do {
            try await store.unitOfWork { [rows, lastUsed] writer in
                try await writer.addUsage(rows)
                if !lastUsed.isEmpty { try await writer.recordLastUsed(lastUsed) }
            }
        } catch {
            logger.warning("could not record usage; will retry", metadata: ["error": "\(error)"])
            // Plain values go back: the counters a flush took are never shared again.
            let unwritten = counts.map { slot, entry in (slot, entry.keyspaceID, entry.byCode, entry.lastValid) }
            state.withLock { state in
                for (slot, keyspaceID, byCode, lastValid) in unwritten {
                    guard state.counts[slot] != nil || state.counts.count < Self.maximumSlots else { continue }
                    let merged = state.counts[slot] ?? Counts(keyspaceID: keyspaceID)
                    for index in merged.byCode.indices { merged.byCode[index] += byCode[index] }
                    merged.lastValid = [merged.lastValid, lastValid].compactMap { $0 }.max()
                    state.counts[slot] = merged
                }
            }
        }
    }

    private func spikeSignals(_ counts: [Slot: Counts], now: Date, policies: [String: KeyspaceMonitoring]) -> [AlertSignal] {
        let items = counts.map { slot, entry in
            (keyID: slot.keyID, keyspaceID: entry.keyspaceID, minute: slot.minute / 60, count: entry.byCode.reduce(0, +))
        }
        let current = UsageCount.minuteStart(of: now) / 60
        let server = policy.rateSpike
        let rule = { (keyspaceID: String) in policies[keyspaceID]?.anomalies.rule(over: server) ?? server }
        return spikes.add(items, closeBefore: current, rule: rule).map { spike in
            AlertSignal(
                type: .rateSpike, keyID: spike.keyID, keyspaceID: spike.keyspaceID, time: now,
                details: [
                    "minute": .string(Timestamp.format(Date(timeIntervalSince1970: Double(spike.minute * 60)))),
                    "requests": .number(Double(spike.count)), "baselinePerMinute": .number((spike.baseline * 100).rounded() / 100),
                ])
        }
    }

    /// New networks of keys with history; also the keys that had one. Keyspaces
    /// that need other history than the server's are asked about apart.
    private func networkSignals(
        _ sightings: [Sighting: (keyspaceID: String, time: Date)], now: Date, policies: [String: KeyspaceMonitoring]
    ) async -> (signals: [AlertSignal], keys: Set<String>) {
        guard !sightings.isEmpty else { return ([], []) }
        var byHistory: [Double: [KeyNetworkSighting]] = [:]
        for (sighting, seen) in sightings {
            let history = policies[seen.keyspaceID]?.anomalies.networkHistory(over: policy.networkHistory) ?? policy.networkHistory
            byHistory[history, default: []].append(
                KeyNetworkSighting(
                    keyID: sighting.keyID, keyspaceID: seen.keyspaceID, network: NetworkPrefix.text(of: sighting.network), time: seen.time))
        }
        do {
            var fresh: [KeyNetworkSighting] = []
            for (history, list) in byHistory {
                fresh += try await store.noteKeyNetworks(list, historySince: now.addingTimeInterval(-history))
            }
            let signals = fresh.map { sighting in
                AlertSignal(
                    type: .newNetwork, keyID: sighting.keyID, keyspaceID: sighting.keyspaceID, time: sighting.time,
                    details: ["network": .string(sighting.network)])
            }
            return (signals, Set(fresh.map(\.keyID)))
        } catch {
            logger.warning("could not record the networks keys were used from; will retry", metadata: ["error": "\(error)"])
            state.withLock { state in
                for sighting in sightings.keys { state.known.remove(sighting) }
                state.knownEpoch += 1
            }
            return ([], [])
        }
    }

    /// Rolls minutes older than the minute retention into hours and deletes
    /// usage older than the retention.
    public func compact() async {
        let now = Int64(time.now.timeIntervalSince1970)
        do {
            let removed = try await store.compactUsage(
                rollUpBefore: (now / 3600) * 3600 - Int64(retention.minuteDays) * 86_400, deleteBefore: now - Int64(retention.days) * 86_400)
            if removed > 0 { logger.info("usage compacted", metadata: ["rowsRemoved": "\(removed)"]) }
        } catch {
            logger.warning("could not compact usage", metadata: ["error": "\(error)"])
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var seconds = 0
            while !Task.isCancelled {
                if seconds % 3600 == 0 { await self.compact() }
                try? await Task.sleep(for: .seconds(1))
                await self.flush()
                seconds += 1
            }
        }
        await flush()
    }
}
