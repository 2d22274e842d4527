import Foundation
import KeywardCore
import KeywardStore

/// The settings of a key as a request gives them. On update, nil means "leave
/// as is" and `.some(nil)` means "clear".
struct KeyFields: Sendable {
    var name: String??
    var owner: String??
    var scopes: [Scope]?
    var meta: [String: JSONValue]?
    var expiresAt: Date??
    var enabled: Bool?
}

extension KeywardServices {
    /// Issues a key in `keyspaceRef` (name or id) under its policies. The returned
    /// key is the only copy of the plaintext that will ever exist.
    func createKey(in keyspaceRef: String, _ fields: KeyFields) async throws -> (APIKey, KeyRecord, Keyspace) {
        let keyspace = try await keyspace(keyspaceRef)
        let created = now
        let expiresAt = try KeyExpiryPolicy.expiry(requested: fields.expiresAt ?? nil, keyspace: keyspace, now: created)
        let secret = APIKey.generate(prefix: keyspace.prefix)
        let record = KeyRecord(
            id: RecordID.make(.key), keyspaceId: keyspace.id, hash: hasher.hash(secret), start: secret.start,
            name: fields.name ?? nil, owner: fields.owner ?? nil, scopes: fields.scopes ?? keyspace.defaultScopes, meta: fields.meta ?? [:],
            expiresAt: expiresAt, enabled: fields.enabled ?? true, createdAt: created, updatedAt: created
        )
        try await store.insertKey(record)
        keyCache.invalidate(record.hash)
        return (secret, record, keyspace)
    }

    func key(_ id: String) async throws -> KeyRecord {
        guard let record = try await store.key(id: id) else { throw KeywardError(.notFound, "no " + EchoedID.describe(id, kind: .key, noun: "key")) }
        return record
    }

    func updateKey(_ id: String, _ fields: KeyFields) async throws -> KeyRecord {
        var record = try await key(id)
        if let name = fields.name { record.name = name }
        if let owner = fields.owner { record.owner = owner }
        if let scopes = fields.scopes { record.scopes = scopes }
        if let meta = fields.meta { record.meta = meta }
        if let enabled = fields.enabled { record.enabled = enabled }
        if let expiresAt = fields.expiresAt {
            let keyspace = try await keyspace(record.keyspaceId)
            record.expiresAt = try KeyExpiryPolicy.expiry(requested: expiresAt, keyspace: keyspace, now: now, createdAt: record.createdAt)
        }
        record.updatedAt = now
        try await store.updateKey(record)
        keyCache.invalidate(record.hash)
        return record
    }

    /// Revokes at once; revoking a revoked key keeps its first revocation.
    func revokeKey(_ id: String, reason: String?) async throws -> KeyRecord {
        var record = try await key(id)
        if record.revokedAt == nil {
            record.revokedAt = now
            record.revokeReason = reason
            record.updatedAt = now
            try await store.updateKey(record)
        }
        keyCache.invalidate(record.hash)
        return record
    }

    func deleteKey(_ id: String) async throws {
        guard let record = try await store.deleteKey(id: id) else {
            throw KeywardError(.notFound, "no " + EchoedID.describe(id, kind: .key, noun: "key"))
        }
        keyCache.invalidate(record.hash)
    }

    /// Names of the keyspaces of `records`, looked up once each.
    func keyspaceNames(for records: [KeyRecord]) async throws -> [String: String] {
        var names: [String: String] = [:]
        for id in Set(records.map(\.keyspaceId)) {
            names[id] = try await store.keyspace(idOrName: id)?.name ?? id
        }
        return names
    }
}
