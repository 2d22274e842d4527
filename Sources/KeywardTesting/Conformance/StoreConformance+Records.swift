import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    static let systemValueCases: [Case] = [
        Case("a new store is empty and system values round-trip") { store in
            #expect(try await store.isEmpty())
            #expect(try await store.systemValue("keyring") == nil)
            try await store.setSystemValue("keyring", [1, 2, 3])
            #expect(try await store.systemValue("keyring") == [1, 2, 3])
            #expect(try await store.isEmpty() == false)
            try await store.setSystemValue("keyring", [9])
            #expect(try await store.systemValue("keyring") == [9])
        }
    ]

    static let keyspaceCases: [Case] = [
        Case("keyspaces are found by id and by name, with every field") { store in
            var keyspace = RecordFixtures.keyspace(name: "payments", prefix: "acme_live")
            keyspace.defaultScopes = [try Scope(parsing: "docs:read")]
            keyspace.maxLifetime = try DurationText(parsing: "90d")
            keyspace.rotationPeriod = try DurationText(parsing: "30d")
            keyspace.requireExpiry = true
            try await store.insertKeyspace(keyspace)
            #expect(try await store.keyspace(idOrName: keyspace.id) == keyspace)
            #expect(try await store.keyspace(idOrName: "payments") == keyspace)
            #expect(try await store.keyspace(idOrName: "nothing") == nil)
        },
        Case("a keyspace name is unique, on insert and on rename") { store in
            try await store.insertKeyspace(RecordFixtures.keyspace(name: "one"))
            await expectError(.alreadyExists) { try await store.insertKeyspace(RecordFixtures.keyspace(name: "one")) }
            var two = RecordFixtures.keyspace(name: "two")
            try await store.insertKeyspace(two)
            two.name = "one"
            await expectError(.alreadyExists) { try await store.updateKeyspace(two) }
            #expect(try await store.keyspace(idOrName: two.id)?.name == "two")
        },
        Case("a keyspace update persists and a missing one is NOT_FOUND") { store in
            var keyspace = RecordFixtures.keyspace(name: "before")
            try await store.insertKeyspace(keyspace)
            keyspace.name = "after"
            keyspace.maxLifetime = try DurationText(parsing: "1d")
            keyspace.updatedAt = keyspace.updatedAt.addingTimeInterval(5)
            try await store.updateKeyspace(keyspace)
            #expect(try await store.keyspace(idOrName: "after") == keyspace)
            await expectError(.notFound) { try await store.updateKeyspace(RecordFixtures.keyspace()) }
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
        Case("every field of a key survives an update") { store in
            let keyspace = RecordFixtures.keyspace()
            try await store.insertKeyspace(keyspace)
            var (_, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            key.name = "billing worker"
            key.owner = "team-ünïcode ✓"
            key.scopes = [try Scope(parsing: "docs:read"), try Scope(parsing: "billing:*")]
            key.meta = ["plan": .string("pro"), "limits": .object(["n": .number(3), "on": .bool(true), "tags": .array([.null])])]
            key.expiresAt = Date(timeIntervalSince1970: Double(1_790_086_400_123) / 1000)
            key.enabled = false
            key.updatedAt = RecordFixtures.epoch.addingTimeInterval(10)
            key.lastUsedAt = RecordFixtures.epoch.addingTimeInterval(5)
            key.revokedAt = RecordFixtures.epoch.addingTimeInterval(11)
            key.revokeReason = "leaked in a log"
            key.rotatedFrom = RecordID.make(.key)
            key.rotatedTo = RecordID.make(.key)
            try await store.updateKey(key)
            #expect(try await store.key(id: key.id) == key)
            let (_, missing) = RecordFixtures.key(in: keyspace)
            await expectError(.notFound) { try await store.updateKey(missing) }
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
        },
    ]

    static let tokenCases: [Case] = [
        Case("tokens are found by id and hash, listed, counted and revoked") { store in
            #expect(try await store.tokenCount() == 0)
            let (secret, token) = RecordFixtures.token(scopes: ["keys:read", "secrets:read:payments/*"])
            try await store.insertToken(token)
            #expect(try await store.tokenCount() == 1)
            #expect(try await store.token(id: token.id) == token)
            #expect(try await store.token(hash: RecordFixtures.hasher.hash(secret)) == token)
            var revoked = token
            revoked.revokedAt = RecordFixtures.epoch.addingTimeInterval(1)
            try await store.updateToken(revoked)
            #expect(try await store.token(id: token.id)?.revokedAt == revoked.revokedAt)
            #expect(try await store.listTokens(PageRequest()).items.map(\.id) == [token.id])
            await expectError(.alreadyExists) { try await store.insertToken(token) }
            await expectError(.notFound) { try await store.updateToken(RecordFixtures.token().1) }
        }
    ]
}
