import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    /// A successor of `old` as the key service makes one.
    static func successor(of old: KeyRecord, at time: Date) -> KeyRecord {
        let secret = APIKey.generate(prefix: .defaultKeyspace)
        return KeyRecord(
            id: RecordID.make(.key), keyspaceId: old.keyspaceId, hash: RecordFixtures.hasher.hash(secret), start: secret.start, owner: old.owner,
            scopes: old.scopes, ipAllowlist: old.ipAllowlist, createdAt: time, updatedAt: time)
    }

    static let rotationCases: [Case] = [
        Case("a rotation links old and new, ends the old key at its grace, and happens once") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace, owner: "acme")
            key.expiresAt = RecordFixtures.epoch.addingTimeInterval(3_600)
            try await store.insertKey(key)
            let now = RecordFixtures.epoch.addingTimeInterval(60)
            // A grace past the old key's own expiry is cut to it.
            let rotation = try #require(
                try await store.rotateKey(id: key.id, at: now, graceUntil: now.addingTimeInterval(86_400)) { successor(of: $0, at: now) })
            #expect(rotation.old.rotatedTo == rotation.new.id)
            #expect(rotation.new.rotatedFrom == key.id)
            #expect(rotation.old.expiresAt == key.expiresAt)
            #expect(try await store.key(id: rotation.new.id) == rotation.new)
            #expect(try await store.verifiableKey(hash: rotation.new.hash)?.record.owner == "acme")
            await expectError(.conflict) {
                _ = try await store.rotateKey(id: key.id, at: now, graceUntil: now) { successor(of: $0, at: now) }
            }
            // The successor rotates on, with no grace.
            let next = try #require(try await store.rotateKey(id: rotation.new.id, at: now, graceUntil: now) { successor(of: $0, at: now) })
            #expect(next.old.expiresAt == now)
            #expect(next.old.state(at: now) == .expired)
            #expect(try await store.rotateKey(id: RecordID.make(.key), at: now, graceUntil: now) { successor(of: $0, at: now) } == nil)
        },
        Case("a revoked or disabled key cannot be rotated, and a refused rotation inserts nothing") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, disabled) = RecordFixtures.key(in: keyspace)
            disabled.enabled = false
            try await store.insertKey(disabled)
            let now = RecordFixtures.epoch
            await expectError(.conflict) { _ = try await store.rotateKey(id: disabled.id, at: now, graceUntil: now) { successor(of: $0, at: now) } }
            let (_, revoked) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(revoked)
            _ = try await store.revokeKey(id: revoked.id, at: now, reason: nil)
            await expectError(.conflict) { _ = try await store.rotateKey(id: revoked.id, at: now, graceUntil: now) { successor(of: $0, at: now) } }
            let listed = try await store.listKeys(KeyFilter(keyspaceId: keyspace.id, now: now), PageRequest())
            #expect(listed.items.count == 2)
        },
        Case("16 parallel rotations of one key: exactly one wins") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            let (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            let now = RecordFixtures.epoch
            let wins = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        (try? await store.rotateKey(id: key.id, at: now, graceUntil: now) { successor(of: $0, at: now) }) != nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let listed = try await store.listKeys(KeyFilter(keyspaceId: keyspace.id, now: now), PageRequest())
            #expect(listed.items.count == 2)
        },
    ]
}
