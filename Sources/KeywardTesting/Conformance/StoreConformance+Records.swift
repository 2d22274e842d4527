import Foundation
import KeywardCore
import KeywardStore
import Synchronization
import Testing

extension StoreConformance {
    static let systemValueCases: [Case] = [
        Case("a new store is empty; system values are inserted once and can be replaced") { store in
            #expect(try await store.isEmpty())
            #expect(try await store.systemValue("keyring") == nil)
            #expect(try await store.insertSystemValueIfAbsent("keyring", [1, 2, 3]) == [1, 2, 3])
            #expect(try await store.insertSystemValueIfAbsent("keyring", [4, 5]) == [1, 2, 3])
            #expect(try await store.systemValue("keyring") == [1, 2, 3])
            #expect(try await store.isEmpty() == false)
            try await store.setSystemValue("keyring", [9])
            #expect(try await store.systemValue("keyring") == [9])
        },
        Case("a store with records but no system values is not empty") { store in
            try await store.insertKeyspace(RecordFixtures.keyspace())
            #expect(try await store.isEmpty() == false)
        },
        Case("a unit of work commits all its writes or none") { store in
            let keyspace = RecordFixtures.keyspace()
            struct Abort: Error {}
            do {
                try await store.unitOfWork { writer in
                    try await writer.insertKeyspace(keyspace)
                    _ = try await writer.insertSystemValueIfAbsent("pepper", [1])
                    throw Abort()
                }
                Issue.record("the unit of work did not throw")
            } catch is Abort {}
            #expect(try await store.keyspace(idOrName: keyspace.id) == nil)
            #expect(try await store.systemValue("pepper") == nil)
            try await store.unitOfWork { writer in
                try await writer.insertKeyspace(keyspace)
                _ = try await writer.insertSystemValueIfAbsent("pepper", [1])
            }
            #expect(try await store.keyspace(idOrName: keyspace.id) == keyspace)
            #expect(try await store.systemValue("pepper") == [1])
        },
        Case("every committed change reaches the change feed before the write returns") { store in
            let seen = Seen()
            store.changes.subscribe { seen.add($0) }
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            #expect(seen.all.contains(.key(key.hash)))
            seen.clear()
            _ = try await store.updateKey(id: key.id, KeyChanges(name: .some("renamed")), at: RecordFixtures.epoch)
            #expect(seen.all == [.key(key.hash)])
            seen.clear()
            _ = try await store.revokeKey(id: key.id, at: RecordFixtures.epoch, reason: nil)
            #expect(seen.all == [.key(key.hash)])
            seen.clear()
            _ = try await store.updateKeyspace(id: keyspace.id, KeyspaceChanges(name: "other"), at: RecordFixtures.epoch)
            #expect(seen.all == [.keyspace(id: keyspace.id)])
            seen.clear()
            _ = try await store.deleteKey(id: key.id)
            #expect(seen.all == [.key(key.hash)])
            let (_, token) = RecordFixtures.token()
            seen.clear()
            try await store.insertToken(token)
            _ = try await store.revokeToken(id: token.id, at: RecordFixtures.epoch, keepingAnAdmin: false)
            #expect(seen.all == [.token(token.hash), .token(token.hash)])
        },
    ]

    static let keyspaceCases: [Case] = [
        Case("keyspaces are found by id and by name, with every field") { store in
            var keyspace = RecordFixtures.keyspace(name: "payments", prefix: "acme_live")
            keyspace.defaultScopes = [try Scope(parsing: "docs:read")]
            keyspace.maxLifetime = try DurationText(parsing: "90d")
            keyspace.rotationPeriod = try DurationText(parsing: "30d")
            keyspace.ipAllowlist = [try IPRange(parsing: "198.51.100.0/24", field: "ip")]
            keyspace.requireExpiry = true
            keyspace.rateLimitMode = .global
            keyspace.failOpenFor = try DurationText(parsing: "5m")
            keyspace.monitoring = KeyspaceMonitoring(
                onTheft: .disable, revokeUnusedAfter: try DurationText(parsing: "90d"),
                anomalies: AnomalyThresholds(spikeFactor: 2.5, spikeMinimum: 40, newNetworkAfter: try DurationText(parsing: "6h")))
            try await store.insertKeyspace(keyspace)
            #expect(try await store.keyspace(idOrName: keyspace.id) == keyspace)
            #expect(try await store.keyspace(idOrName: "payments") == keyspace)
            #expect(try await store.keyspace(idOrName: "nothing") == nil)
        },
        Case("a keyspace name is unique, on insert and on rename") { store in
            try await store.insertKeyspace(RecordFixtures.keyspace(name: "one"))
            await expectError(.alreadyExists) { try await store.insertKeyspace(RecordFixtures.keyspace(name: "one")) }
            let two = RecordFixtures.keyspace(name: "two")
            try await store.insertKeyspace(two)
            await expectError(.alreadyExists) {
                _ = try await store.updateKeyspace(id: two.id, KeyspaceChanges(name: "one"), at: RecordFixtures.epoch)
            }
            #expect(try await store.keyspace(idOrName: two.id)?.name == "two")
        },
        Case("a keyspace update changes the fields it names, and a missing one is NOT_FOUND") { store in
            var keyspace = RecordFixtures.keyspace(name: "before")
            keyspace.rotationPeriod = try DurationText(parsing: "30d")
            try await store.insertKeyspace(keyspace)
            let later = keyspace.updatedAt.addingTimeInterval(5)
            let updated = try await store.updateKeyspace(
                id: keyspace.id, KeyspaceChanges(name: "after", maxLifetime: .some(try DurationText(parsing: "1d"))), at: later)
            keyspace.name = "after"
            keyspace.maxLifetime = try DurationText(parsing: "1d")
            keyspace.updatedAt = later
            #expect(updated == keyspace)
            #expect(try await store.keyspace(idOrName: "after") == keyspace)
            let cleared = try await store.updateKeyspace(id: keyspace.id, KeyspaceChanges(rotationPeriod: .some(nil)), at: later)
            #expect(cleared.rotationPeriod == nil)
            #expect(cleared.maxLifetime == keyspace.maxLifetime)
            var opening = KeyspaceChanges()
            opening.failOpenFor = .some(try DurationText(parsing: "90s"))
            opening.rateLimitMode = .global
            let opened = try await store.updateKeyspace(id: keyspace.id, opening, at: later)
            #expect(opened.failOpenFor?.seconds == 90)
            #expect(opened.rateLimitMode == .global)
            var closing = KeyspaceChanges()
            closing.failOpenFor = .some(nil)
            let closed = try await store.updateKeyspace(id: keyspace.id, closing, at: later)
            #expect(closed.failOpenFor == nil)
            #expect(closed.rateLimitMode == .global, "a change that does not name a field keeps it")
            await expectError(.notFound) { _ = try await store.updateKeyspace(id: RecordID.make(.keyspace), KeyspaceChanges(), at: later) }
        },
        Case("a monitoring change sets the fields it names and keeps the others; nil puts a threshold back to the server's") { store in
            var keyspace = RecordFixtures.keyspace(name: "watched")
            keyspace.monitoring.anomalies = AnomalyThresholds(spikeFactor: 3, spikeMinimum: 20)
            try await store.insertKeyspace(keyspace)
            var change = KeyspaceChanges()
            change.onTheft = .disable
            change.spikeFactor = .some(nil)
            change.newNetworkAfter = .some(try DurationText(parsing: "2h"))
            let updated = try await store.updateKeyspace(id: keyspace.id, change, at: keyspace.updatedAt)
            #expect(updated.monitoring.onTheft == .disable)
            #expect(
                updated.monitoring.anomalies
                    == AnomalyThresholds(spikeFactor: nil, spikeMinimum: 20, newNetworkAfter: try DurationText(parsing: "2h")))
            #expect(try await store.keyspace(idOrName: "watched")?.monitoring == updated.monitoring)
        },
        Case("unusedBefore lists active keys last used before a time, or never used and created before it") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let cutoff = RecordFixtures.epoch.addingTimeInterval(86_400)
            let (_, usedLongAgo) = RecordFixtures.key(in: keyspace)
            let (_, neverUsedOld) = RecordFixtures.key(in: keyspace)
            let (_, neverUsedNew) = RecordFixtures.key(in: keyspace, at: cutoff.addingTimeInterval(60))
            let (_, usedLately) = RecordFixtures.key(in: keyspace)
            var (_, revokedUnused) = RecordFixtures.key(in: keyspace)
            revokedUnused.revokedAt = RecordFixtures.epoch
            for key in [usedLongAgo, neverUsedOld, neverUsedNew, usedLately, revokedUnused] { try await store.insertKey(key) }
            try await store.recordLastUsed([usedLongAgo.id: RecordFixtures.epoch, usedLately.id: cutoff.addingTimeInterval(1)])
            var filter = KeyFilter(keyspaceId: keyspace.id, now: cutoff.addingTimeInterval(3600))
            filter.hygiene = .unusedBefore(cutoff)
            let listed = try await store.listKeys(filter, PageRequest(limit: 100)).items.map(\.id)
            #expect(Set(listed) == [usedLongAgo.id, neverUsedOld.id])
        },
        Case("only an empty keyspace can be deleted") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            await expectError(.conflict) { _ = try await store.deleteKeyspace(id: keyspace.id) }
            _ = try await store.deleteKey(id: key.id)
            #expect(try await store.deleteKeyspace(id: keyspace.id))
            #expect(try await store.deleteKeyspace(id: keyspace.id) == false)
            #expect(try await store.keyspace(idOrName: keyspace.id) == nil)
        },
    ]

    static let keyCases: [Case] = [
        Case("a key is found by id and by hash, with its keyspace's name") { store in
            let keyspace = RecordFixtures.keyspace(name: "found")
            try await store.insertKeyspace(keyspace)
            let (secret, key) = RecordFixtures.key(in: keyspace, owner: "alice")
            try await store.insertKey(key)
            #expect(try await store.key(id: key.id) == key)
            let verifiable = try await store.verifiableKey(hash: RecordFixtures.hasher.hash(secret))
            #expect(verifiable == VerifiableKey(record: key, keyspaceName: "found"))
            let (other, _) = RecordFixtures.key(in: keyspace)
            #expect(try await store.verifiableKey(hash: RecordFixtures.hasher.hash(other)) == nil)
            // The keyspace settings that verification reads come with the key.
            var settings = KeyspaceChanges()
            settings.rateLimitMode = .global
            settings.failOpenFor = .some(try DurationText(parsing: "2m"))
            _ = try await store.updateKeyspace(id: keyspace.id, settings, at: RecordFixtures.epoch)
            let joined = try await store.verifiableKey(hash: RecordFixtures.hasher.hash(secret))
            #expect(joined?.rateLimitMode == .global)
            #expect(joined?.failOpenFor?.seconds == 120)
        },
        Case("a key hash is unique and a key needs an existing keyspace") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            var copy = key
            copy.id = RecordID.make(.key)
            await expectError(.alreadyExists) { try await store.insertKey(copy) }
            let (_, orphan) = RecordFixtures.key(in: RecordFixtures.keyspace())
            await expectError(.notFound) { try await store.insertKey(orphan) }
        },
        Case("every field of a key survives an insert, and an update changes only what it names") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            key.name = "billing worker"
            key.owner = "team-ünïcode ✓"
            key.scopes = [try Scope(parsing: "docs:read"), try Scope(parsing: "billing:*")]
            key.ipAllowlist = [try IPRange(parsing: "10.0.0.0/8", field: "ip"), try IPRange(parsing: "2001:db8::/32", field: "ip")]
            key.meta = ["plan": .string("pro"), "limits": .object(["n": .number(3), "on": .bool(true), "tags": .array([.null])])]
            key.expiresAt = Date(timeIntervalSince1970: Double(1_790_086_400_123) / 1000)
            key.lastUsedAt = RecordFixtures.epoch.addingTimeInterval(5)
            key.rotatedFrom = RecordID.make(.key)
            key.rotatedTo = RecordID.make(.key)
            try await store.insertKey(key)
            #expect(try await store.key(id: key.id) == key)
            let later = RecordFixtures.epoch.addingTimeInterval(10)
            let change = KeyChanges(owner: .some(nil), meta: ["plan": .string("free")], expiresAt: .some(nil), enabled: false)
            let updated = try await store.updateKey(id: key.id, change, at: later)
            #expect(try updated == change.applied(to: key, at: later))
            #expect(updated.version == 2)
            #expect(updated.name == "billing worker")
            #expect(try await store.key(id: key.id) == updated)
            let narrowed = try await store.updateKey(
                id: key.id, KeyChanges(ipAllowlist: [try IPRange(parsing: "192.0.2.7", field: "ip")]), at: later)
            #expect(try await store.key(id: key.id)?.ipAllowlist == narrowed.ipAllowlist)
            #expect(narrowed.ipAllowlist.map(\.description) == ["192.0.2.7/32"])
            await expectError(.notFound) { _ = try await store.updateKey(id: RecordID.make(.key), KeyChanges(name: .some("x")), at: later) }
        },
        Case("a revoked key is final: the first revocation stands and no update applies") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            let first = RecordFixtures.epoch.addingTimeInterval(1)
            let revoked = try #require(try await store.revokeKey(id: key.id, at: first, reason: "leaked"))
            #expect(revoked.isNew)
            #expect(revoked.record.revokedAt == first)
            let again = try #require(try await store.revokeKey(id: key.id, at: first.addingTimeInterval(1), reason: "again"))
            #expect(again.isNew == false)
            #expect(again.record.revokedAt == first)
            #expect(again.record.revokeReason == "leaked")
            await expectError(.conflict) { _ = try await store.updateKey(id: key.id, KeyChanges(enabled: true), at: first) }
            #expect(try await store.key(id: key.id)?.state(at: first) == .revoked)
            #expect(try await store.revokeKey(id: RecordID.make(.key), at: first, reason: nil) == nil)
        },
        Case("an update naming a stale version is a CONFLICT and changes nothing") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            let updated = try await store.updateKey(id: key.id, KeyChanges(name: .some("a"), expectedVersion: 1), at: RecordFixtures.epoch)
            #expect(updated.version == 2)
            await expectError(.conflict) {
                _ = try await store.updateKey(id: key.id, KeyChanges(name: .some("b"), expectedVersion: 1), at: RecordFixtures.epoch)
            }
            #expect(try await store.key(id: key.id)?.name == "a")
        },
        Case("deleting a key returns its record once") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (secret, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            #expect(try await store.deleteKey(id: key.id) == key)
            #expect(try await store.deleteKey(id: key.id) == nil)
            #expect(try await store.key(id: key.id) == nil)
            #expect(try await store.verifiableKey(hash: RecordFixtures.hasher.hash(secret)) == nil)
        },
        Case("last-used times only move forward") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            let later = RecordFixtures.epoch.addingTimeInterval(100)
            try await store.recordLastUsed([key.id: later, RecordID.make(.key): later])
            #expect(try await store.key(id: key.id)?.lastUsedAt == later)
            try await store.recordLastUsed([key.id: RecordFixtures.epoch])
            #expect(try await store.key(id: key.id)?.lastUsedAt == later)
            // More keys than one statement carries, each at its own time.
            var many: [String: Date] = [:]
            for index in 0..<450 {
                let (_, other) = RecordFixtures.key(in: keyspace)
                try await store.insertKey(other)
                many[other.id] = RecordFixtures.epoch.addingTimeInterval(Double(index))
            }
            try await store.recordLastUsed(many)
            for (id, time) in many { #expect(try await store.key(id: id)?.lastUsedAt == time) }
        },
    ]

    static let tokenCases: [Case] = [
        Case("tokens are found by id and hash, listed and counted; the first token is inserted once") { store in
            #expect(try await store.tokenCount() == 0)
            let (secret, token) = RecordFixtures.token(scopes: ["keys:read", "secrets:read:payments/*"])
            let inserted = try await store.insertFirstToken(token)
            #expect(inserted)
            let second = try await store.insertFirstToken(RecordFixtures.token().1)
            #expect(second == false)
            #expect(try await store.tokenCount() == 1)
            #expect(try await store.token(id: token.id) == token)
            #expect(try await store.token(hash: RecordFixtures.hasher.hash(secret)) == token)
            #expect(try await store.listTokens(PageRequest()).items.map(\.id) == [token.id])
            await expectError(.alreadyExists) { try await store.insertToken(token) }
        },
        Case("revoking a token revokes every token minted under it, however deep") { store in
            let (_, root) = RecordFixtures.token(scopes: ["admin"])
            var (_, child) = RecordFixtures.token(scopes: ["keys:write", "tokens:write"])
            child.createdBy = root.id
            var (_, grandchild) = RecordFixtures.token(scopes: ["keys:write"])
            grandchild.createdBy = child.id
            let (_, unrelated) = RecordFixtures.token(scopes: ["keys:read"])
            for token in [root, child, grandchild, unrelated] { try await store.insertToken(token) }
            let time = RecordFixtures.epoch.addingTimeInterval(1)
            let revoked = try #require(try await store.revokeToken(id: child.id, at: time, keepingAnAdmin: true))
            #expect(Set(revoked.map(\.id)) == [child.id, grandchild.id])
            #expect(try await store.token(id: grandchild.id)?.revokedAt == time)
            #expect(try await store.token(id: root.id)?.revokedAt == nil)
            #expect(try await store.token(id: unrelated.id)?.revokedAt == nil)
            #expect(try await store.revokeToken(id: child.id, at: time, keepingAnAdmin: true) == [])
            #expect(try await store.revokeToken(id: RecordID.make(.token), at: time, keepingAnAdmin: true) == nil)
        },
        Case("a token is not minted under a revoked token, however the two race") { store in
            let (_, parent) = RecordFixtures.token(scopes: ["keys:read", "tokens:write"])
            try await store.insertToken(parent)
            _ = try await store.revokeToken(id: parent.id, at: RecordFixtures.epoch, keepingAnAdmin: false)
            var (_, late) = RecordFixtures.token(scopes: ["keys:read"])
            late.createdBy = parent.id
            await expectError(.invalidToken) { try await store.insertToken(late) }
            #expect(try await store.token(id: late.id) == nil)
            // 32 mints racing one revocation: every child that made it in is revoked too.
            let (_, racer) = RecordFixtures.token(scopes: ["keys:read", "tokens:write"])
            try await store.insertToken(racer)
            let children = (0..<32).map { _ in
                var child = RecordFixtures.token(scopes: ["keys:read"]).1
                child.createdBy = racer.id
                return child
            }
            await withTaskGroup(of: Void.self) { group in
                for (index, child) in children.enumerated() {
                    group.addTask { try? await store.insertToken(child) }
                    if index == 16 {
                        group.addTask { _ = try? await store.revokeToken(id: racer.id, at: RecordFixtures.epoch, keepingAnAdmin: false) }
                    }
                }
            }
            for child in children {
                if let stored = try await store.token(id: child.id) { #expect(stored.revokedAt != nil) }
            }
        },
        Case("the last active admin token is not revoked unless the caller insists") { store in
            let (_, root) = RecordFixtures.token(scopes: ["admin"])
            try await store.insertToken(root)
            let time = RecordFixtures.epoch.addingTimeInterval(1)
            await expectError(.lastAdminToken) { _ = try await store.revokeToken(id: root.id, at: time, keepingAnAdmin: true) }
            #expect(try await store.token(id: root.id)?.revokedAt == nil)
            let (_, second) = RecordFixtures.token(scopes: ["admin"])
            try await store.insertToken(second)
            #expect(try await store.revokeToken(id: root.id, at: time, keepingAnAdmin: true)?.count == 1)
            #expect(try await store.revokeToken(id: second.id, at: time, keepingAnAdmin: false)?.count == 1)
        },
    ]
}

/// Changes heard on a feed, for checks.
final class Seen: Sendable {
    private let changes = Mutex<[StoreChange]>([])
    func add(_ change: StoreChange) { changes.withLock { $0.append(change) } }
    func clear() { changes.withLock { $0.removeAll() } }
    var all: [StoreChange] { changes.withLock { $0 } }
}
