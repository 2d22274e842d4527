import Foundation
import KeywardCore
import KeywardStore
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
        }
    ]
}
