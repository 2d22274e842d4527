import Foundation
import KeywardCore
import KeywardStore
import Logging
import ServiceLifecycle

/// A keyspace's `revokeUnusedAfter` (docs/monitoring.md#keyspace-policies):
/// once an hour, and once at start, every active key of such a keyspace that
/// was last used longer ago than the period, or never used and created longer
/// ago, is revoked and audited (`key.revoke`, actor `system`, with the policy
/// and the last use). Usage is flushed first, so a use noted in memory counts.
/// A pass revokes at most `maximumPerPass` keys; the rest wait for the next.
public final class UnusedKeyRevoker: Service, Sendable {
    static let maximumPerPass = 10_000

    private let store: any Store
    private let keys: KeyService
    private let policies: KeyspacePolicies
    private let usage: UsageRecorder
    private let time: EngineClock
    private let logger: Logger
    private let passing = AsyncMutex()

    init(store: any Store, keys: KeyService, policies: KeyspacePolicies, usage: UsageRecorder, time: EngineClock, logger: Logger) {
        self.store = store
        self.keys = keys
        self.policies = policies
        self.usage = usage
        self.time = time
        self.logger = logger
    }

    /// One pass over every keyspace with the policy; returns the keys it revoked.
    @discardableResult
    public func revokeUnused() async -> [String] {
        await passing.withLock { await self.pass() }
    }

    private func pass() async -> [String] {
        let due = await policies.all().compactMap { id, policy in policy.revokeUnusedAfter.map { (id, $0) } }
        guard !due.isEmpty else { return [] }
        await usage.flush()
        var revoked: [String] = []
        for (keyspaceID, period) in due.sorted(by: { $0.0 < $1.0 }) {
            let now = time.now
            var filter = KeyFilter(keyspaceId: keyspaceID, now: now)
            filter.hygiene = .unusedBefore(now.addingTimeInterval(-Double(period.seconds)))
            do {
                // Revoked keys leave the list, so each round reads the first page again.
                while revoked.count < Self.maximumPerPass {
                    let page = try await store.listKeys(filter, PageRequest(limit: min(1000, Self.maximumPerPass - revoked.count)))
                    guard !page.items.isEmpty else { break }
                    for record in page.items {
                        let details: [String: JSONValue] = [
                            "policy": .string("revokeUnusedAfter"), "unusedFor": .string(period.text),
                            "lastUsedAt": record.lastUsedAt.map { .string(Timestamp.format($0)) } ?? .null,
                        ]
                        _ = try await keys.revoke(
                            record.id, reason: "unused for \(period.text)", action: "key.revoke", by: .system, details: details)
                        revoked.append(record.id)
                    }
                }
            } catch {
                logger.error("could not revoke the unused keys of a keyspace", metadata: ["keyspace": "\(keyspaceID)", "error": "\(error)"])
            }
        }
        if !revoked.isEmpty { logger.notice("unused keys revoked by their keyspace's policy", metadata: ["count": "\(revoked.count)"]) }
        return revoked
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.revokeUnused()
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
