import Foundation
import KeywardCore
import KeywardStore
import Synchronization
import Testing

extension StoreConformance {
    static let listCases: [Case] = [
        Case("pages of keys cover every key once, in id order") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var ids: [String] = []
            for _ in 0..<250 {
                let (_, key) = RecordFixtures.key(in: keyspace)
                try await store.insertKey(key)
                ids.append(key.id)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.listKeys(KeyFilter(now: RecordFixtures.epoch), PageRequest(limit: 100, cursor: cursor))
                #expect(page.items.count <= 100)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == ids.sorted())
        },
        Case("keys filter by keyspace, owner and state at a time") { store in
            let first = RecordFixtures.keyspace()
            let second = RecordFixtures.keyspace()
            try await store.insertKeyspace(first)
            try await store.insertKeyspace(second)
            let now = RecordFixtures.epoch.addingTimeInterval(1_000)
            var active = RecordFixtures.key(in: first, owner: "alice").1
            active.expiresAt = now.addingTimeInterval(1)
            var expired = RecordFixtures.key(in: first, owner: "alice").1
            expired.expiresAt = now
            var disabled = RecordFixtures.key(in: first, owner: "bob").1
            disabled.enabled = false
            var revoked = RecordFixtures.key(in: second, owner: "alice").1
            revoked.revokedAt = now
            revoked.enabled = false
            for key in [active, expired, disabled, revoked] { try await store.insertKey(key) }

            func ids(_ filter: KeyFilter) async throws -> Set<String> {
                Set(try await store.listKeys(filter, PageRequest()).items.map(\.id))
            }
            #expect(try await ids(KeyFilter(keyspaceId: first.id, now: now)) == [active.id, expired.id, disabled.id])
            #expect(try await ids(KeyFilter(owner: "alice", now: now)) == [active.id, expired.id, revoked.id])
            #expect(try await ids(KeyFilter(state: .active, now: now)) == [active.id])
            #expect(try await ids(KeyFilter(state: .expired, now: now)) == [expired.id])
            #expect(try await ids(KeyFilter(state: .disabled, now: now)) == [disabled.id])
            #expect(try await ids(KeyFilter(state: .revoked, now: now)) == [revoked.id])
            #expect(try await ids(KeyFilter(keyspaceId: second.id, owner: "bob", now: now)).isEmpty)
        },
        Case("keyspaces page like keys") { store in
            for index in 0..<5 { try await store.insertKeyspace(RecordFixtures.keyspace(name: "space\(index)")) }
            let first = try await store.listKeyspaces(PageRequest(limit: 3))
            #expect(first.items.count == 3)
            let rest = try await store.listKeyspaces(PageRequest(limit: 3, cursor: try #require(first.nextCursor)))
            #expect(rest.items.count == 2)
            #expect(rest.nextCursor == nil)
            #expect(Set((first.items + rest.items).map(\.name)) == Set((0..<5).map { "space\($0)" }))
        },
    ]

    static let concurrencyCases: [Case] = [
        Case("concurrent writes all land") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let keys = (0..<200).map { _ in RecordFixtures.key(in: keyspace).1 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in keys { group.addTask { try await store.insertKey(key) } }
                try await group.waitForAll()
            }
            let listed = try await store.listKeys(KeyFilter(keyspaceId: keyspace.id, now: RecordFixtures.epoch), PageRequest(limit: 1000))
            #expect(Set(listed.items.map(\.id)) == Set(keys.map(\.id)))
        },
        Case("64 parallel updates, revocations and reads of one key end in a state a serial order explains") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            enum Result: Sendable { case updated(String), refused, revoked(Date, isNew: Bool), read }
            let results = try await withThrowingTaskGroup(of: Result.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        let time = RecordFixtures.epoch.addingTimeInterval(Double(index))
                        switch index % 4 {
                        case 0:
                            let revocation = try #require(try await store.revokeKey(id: key.id, at: time, reason: "r\(index)"))
                            return .revoked(revocation.record.revokedAt ?? .distantPast, isNew: revocation.isNew)
                        case 3:
                            _ = try await store.key(id: key.id)
                            return .read
                        default:
                            do {
                                let updated = try await store.updateKey(id: key.id, KeyChanges(name: .some("n\(index)"), enabled: true), at: time)
                                return .updated(updated.name ?? "")
                            } catch let error as KeywardError where error.code == .conflict {
                                return .refused
                            }
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let final = try #require(try await store.key(id: key.id))
            let updates = results.compactMap { if case .updated(let name) = $0 { name } else { nil } }
            let firstRevocations = results.compactMap { if case .revoked(let time, true) = $0 { time } else { nil } }
            let allRevocationTimes = Set(results.compactMap { if case .revoked(let time, _) = $0 { time } else { nil } })
            // Exactly one revocation took effect, every other saw it, and it stands.
            #expect(firstRevocations.count == 1)
            #expect(allRevocationTimes.count == 1)
            #expect(final.revokedAt == firstRevocations.first)
            #expect(final.state(at: RecordFixtures.epoch.addingTimeInterval(100)) == .revoked)
            // Every update that succeeded came before the revocation; the last one's name stands.
            #expect(final.version == 1 + updates.count + 1)
            #expect(updates.isEmpty ? final.name == key.name : updates.contains(final.name ?? ""))
        },
        Case("revocations racing re-enables (60 keys, 4 writers each) never leave a revoked key active") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let keys = (0..<60).map { _ in RecordFixtures.key(in: keyspace).1 }
            for key in keys { try await store.insertKey(key) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in keys {
                    group.addTask { _ = try await store.revokeKey(id: key.id, at: RecordFixtures.epoch, reason: nil) }
                    for _ in 0..<3 {
                        group.addTask { _ = try? await store.updateKey(id: key.id, KeyChanges(enabled: true), at: RecordFixtures.epoch) }
                    }
                }
                try await group.waitForAll()
            }
            for key in keys {
                #expect(try await store.key(id: key.id)?.revokedAt != nil)
            }
        },
        Case("a read that starts after a write returned sees it, however many reads run beside it") { store in
            // A cache that fills after a revocation must never read the record from before it.
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let keys = (0..<300).map { _ in RecordFixtures.key(in: keyspace).1 }
            for key in keys { try await store.insertKey(key) }
            let target = keys[0]
            final class Flag: Sendable {
                let value = Mutex(true)
            }
            let writing = Flag()
            let stale = try await withThrowingTaskGroup(of: [String].self) { group in
                for reader in 0..<6 {
                    group.addTask {
                        while writing.value.withLock({ $0 }) {
                            if reader % 2 == 0 {
                                _ = try await store.listKeys(KeyFilter(keyspaceId: keyspace.id, now: RecordFixtures.epoch), PageRequest(limit: 300))
                            } else {
                                _ = try await store.key(id: keys[reader].id)
                            }
                        }
                        return []
                    }
                }
                group.addTask {
                    defer { writing.value.withLock { $0 = false } }
                    var stale: [String] = []
                    for round in 1...150 {
                        let name = "round-\(round)"
                        _ = try await store.updateKey(id: target.id, KeyChanges(name: .some(name)), at: RecordFixtures.epoch)
                        let read = try await store.key(id: target.id)?.name ?? "none"
                        if read != name { stale.append("\(name) read as \(read)") }
                    }
                    return stale
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(stale.isEmpty, "\(stale.count) of 150 reads after a write saw an older record: \(stale.prefix(3))")
        },
    ]
}
