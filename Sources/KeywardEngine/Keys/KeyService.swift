import Foundation
import KeywardCore
import KeywardStore

/// Issued keys: create, read, change, revoke, delete. Every change is one
/// atomic store operation; the store's change feed keeps the caches right.
public struct KeyService: Sendable {
    let store: any Store
    let hasher: KeyHasher
    let keyspaces: KeyspaceService
    let time: EngineClock

    /// A key just made: the plaintext (its only copy), its record and keyspace.
    public struct Created: Sendable {
        public var key: APIKey
        public var record: KeyRecord
        public var keyspace: Keyspace
    }

    /// Issues a key in `keyspaceRef` (name or id) under its policies.
    public func create(in keyspaceRef: String, _ fields: KeyChanges) async throws -> Created {
        let keyspace = try await keyspaces.get(keyspaceRef)
        let created = time.now
        let expiresAt = try KeyExpiryPolicy.expiry(requested: fields.expiresAt ?? nil, keyspace: keyspace, now: created)
        let secret = APIKey.generate(prefix: keyspace.prefix)
        let record = KeyRecord(
            id: RecordID.make(.key), keyspaceId: keyspace.id, hash: hasher.hash(secret), start: secret.start,
            name: fields.name ?? nil, owner: fields.owner ?? nil, scopes: fields.scopes ?? keyspace.defaultScopes, meta: fields.meta ?? [:],
            expiresAt: expiresAt, enabled: fields.enabled ?? true, createdAt: created, updatedAt: created
        )
        try await store.insertKey(record)
        return Created(key: secret, record: record, keyspace: keyspace)
    }

    public func get(_ id: String) async throws -> KeyRecord {
        guard let record = try await store.key(id: id) else { throw Self.noKey(id) }
        return record
    }

    public func list(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord> {
        try await store.listKeys(filter, page)
    }

    /// Applies `changes`; a new expiry is held to the keyspace's lifetime. A
    /// revoked key is final (`CONFLICT`), whatever runs beside this.
    public func update(_ id: String, _ changes: KeyChanges) async throws -> KeyRecord {
        var changes = changes
        if let expiresAt = changes.expiresAt {
            let record = try await get(id)
            let keyspace = try await keyspaces.get(record.keyspaceId)
            changes.expiresAt = .some(
                try KeyExpiryPolicy.expiry(requested: expiresAt, keyspace: keyspace, now: time.now, createdAt: record.createdAt))
        }
        do {
            return try await store.updateKey(id: id, changes, at: time.now)
        } catch let error as KeywardError where error.code == .notFound {
            throw Self.noKey(id)
        }
    }

    /// Revokes at once; revoking a revoked key keeps its first revocation.
    public func revoke(_ id: String, reason: String?) async throws -> Revocation<KeyRecord> {
        guard let revocation = try await store.revokeKey(id: id, at: time.now, reason: reason) else { throw Self.noKey(id) }
        return revocation
    }

    /// Deletes the record and returns what it was.
    @discardableResult
    public func delete(_ id: String) async throws -> KeyRecord {
        guard let record = try await store.deleteKey(id: id) else { throw Self.noKey(id) }
        return record
    }

    static func noKey(_ id: String) -> KeywardError {
        KeywardError(.notFound, "no " + EchoedID.describe(id, kind: .key, noun: "key"))
    }
}
