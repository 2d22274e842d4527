import Foundation
import KeywardCore
import KeywardStore

/// Issued keys: create, read, change, revoke, delete. Every change is one
/// atomic store operation, audited in the same unit of work; the store's
/// change feed keeps the caches right.
public struct KeyService: Sendable {
    let store: any Store
    let audit: AuditLog
    let hasher: KeyHasher
    let keyspaces: KeyspaceService
    let limits: LimitLedger
    let time: EngineClock

    /// A key just made: the plaintext (its only copy), its record and keyspace.
    public struct Created: Sendable {
        public var key: APIKey
        public var record: KeyRecord
        public var keyspace: Keyspace
    }

    /// Issues a key in `keyspaceRef` (name or id) under its policies.
    public func create(in keyspaceRef: String, _ fields: KeyChanges, by context: AuditContext) async throws -> Created {
        let keyspace = try await keyspaces.get(keyspaceRef)
        let created = time.now
        let expiresAt = try KeyExpiryPolicy.expiry(requested: fields.expiresAt ?? nil, keyspace: keyspace, now: created)
        let secret = APIKey.generate(prefix: keyspace.prefix)
        let record = KeyRecord(
            id: RecordID.make(.key), keyspaceId: keyspace.id, hash: hasher.hash(secret), start: secret.start,
            name: fields.name ?? nil, owner: fields.owner ?? nil, scopes: fields.scopes ?? keyspace.defaultScopes,
            ipAllowlist: fields.ipAllowlist ?? keyspace.ipAllowlist, ratelimits: fields.ratelimits ?? keyspace.ratelimits,
            quota: try fields.quota?.applied(to: nil, at: created), meta: fields.meta ?? [:],
            expiresAt: expiresAt, enabled: fields.enabled ?? true, createdAt: created, updatedAt: created
        )
        try await audit.record { writer in
            try await writer.insertKey(record)
            return ((), [context.draft("key.create", target: record.id, at: created, details: AuditDetails.key(record, keyspaceName: keyspace.name))])
        }
        return Created(key: secret, record: record, keyspace: keyspace)
    }

    /// The key as it stands: its quota counts what this node holds reserved.
    public func get(_ id: String) async throws -> KeyRecord {
        await limits.settle()
        guard let record = try await store.key(id: id) else { throw Self.noKey(id) }
        return presented(record)
    }

    public func list(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord> {
        await limits.settle()
        var page = try await store.listKeys(filter, page)
        page.items = page.items.map(presented)
        return page
    }

    private func presented(_ record: KeyRecord) -> KeyRecord {
        guard record.quota != nil else { return record }
        var record = record
        record.quota = limits.presentedQuota(of: record, at: time.now)
        return record
    }

    /// Applies `changes`; a new expiry is held to the keyspace's lifetime. A
    /// revoked key is final (`CONFLICT`), whatever runs beside this.
    public func update(_ id: String, _ changes: KeyChanges, by context: AuditContext) async throws -> KeyRecord {
        var changes = changes
        if let expiresAt = changes.expiresAt {
            let record = try await get(id)
            let keyspace = try await keyspaces.get(record.keyspaceId)
            changes.expiresAt = .some(
                try KeyExpiryPolicy.expiry(requested: expiresAt, keyspace: keyspace, now: time.now, createdAt: record.createdAt))
        }
        if case .set(remaining: nil, _)? = changes.quota {
            // The change keeps what is left: the uses this node holds go back first,
            // or the new generation would void them.
            try await limits.releaseLease(of: try await get(id).budgetID)
        }
        let now = time.now
        let details = AuditDetails.keyChanges(changes)
        do {
            return try await audit.record { [changes] writer in
                let updated = try await writer.updateKey(id: id, changes, at: now)
                return (presented(updated), [context.draft("key.update", target: id, at: now, details: details)])
            }
        } catch let error as KeywardError where error.code == .notFound {
            throw Self.noKey(id)
        }
    }

    /// Disables key `id` on Keyward's own initiative (a keyspace policy), written
    /// to the audit log as `key.disable` with `details`.
    func disable(_ id: String, by context: AuditContext, details: [String: JSONValue]) async throws {
        let now = time.now
        _ = try await audit.record { writer in
            let updated = try await writer.updateKey(id: id, KeyChanges(enabled: false), at: now)
            let entry = details.merging(AuditDetails.key(updated)) { given, _ in given }
            return (updated, [context.draft("key.disable", target: id, at: now, details: entry)])
        }
    }

    /// Revokes at once; revoking a revoked key keeps its first revocation.
    public func revoke(_ id: String, reason: String?, by context: AuditContext) async throws -> Revocation<KeyRecord> {
        try await revoke(id, reason: reason, action: "key.revoke", by: context, details: [:])
    }

    /// Revokes and writes one entry named `action` (a repeated revocation is
    /// written too, with `alreadyRevoked`: someone tried).
    func revoke(_ id: String, reason: String?, action: String, by context: AuditContext, details: [String: JSONValue]) async throws
        -> Revocation<KeyRecord>
    {
        let now = time.now
        let revocation = try await audit.record { writer -> (Revocation<KeyRecord>?, [AuditDraft]) in
            guard let revocation = try await writer.revokeKey(id: id, at: now, reason: reason) else { return (nil, []) }
            var entry = details.merging(AuditDetails.key(revocation.record)) { given, _ in given }
            if let reason { entry["reason"] = .string(reason) }
            entry["alreadyRevoked"] = .bool(!revocation.isNew)
            return (revocation, [context.draft(action, target: id, at: now, details: entry)])
        }
        guard let revocation else { throw Self.noKey(id) }
        return revocation
    }

    /// Rotates key `id`: a new key with the same settings (`rotatedFrom` the
    /// old one), while the old key stays valid for `grace` seconds from now,
    /// never past its own expiry (0 ends it at once: the leaked-key case). The
    /// new key lives as long as the old one was meant to, from now, within the
    /// keyspace's `maxLifetime`. A key that is not active, or was rotated
    /// before, is a `CONFLICT`.
    public func rotate(_ id: String, grace: Double, by context: AuditContext) async throws -> Created {
        let current = try await get(id)
        let keyspace = try await keyspaces.get(current.keyspaceId)
        let now = time.now
        let graceUntil = now.addingTimeInterval(grace)
        let secret = APIKey.generate(prefix: keyspace.prefix)
        let hash = hasher.hash(secret)
        let newID = RecordID.make(.key)
        let rotation = try await audit.record { writer -> (KeyRotation?, [AuditDraft]) in
            let successor: @Sendable (KeyRecord) throws -> KeyRecord = { old in
                let lifetime = old.expiresAt.map { $0.timeIntervalSince(old.createdAt) }
                var requested = lifetime.map { now.addingTimeInterval($0) }
                if let maxLifetime = keyspace.maxLifetime {
                    requested = min(requested ?? .distantFuture, now.addingTimeInterval(maxLifetime.timeInterval))
                }
                let expiresAt = try KeyExpiryPolicy.expiry(requested: requested, keyspace: keyspace, now: now)
                return KeyRecord(
                    id: newID, keyspaceId: old.keyspaceId, hash: hash, start: secret.start, name: old.name, owner: old.owner, scopes: old.scopes,
                    ipAllowlist: old.ipAllowlist, ratelimits: old.ratelimits, meta: old.meta, expiresAt: expiresAt, enabled: old.enabled,
                    createdAt: now, updatedAt: now)
            }
            guard let rotation = try await writer.rotateKey(id: id, at: now, graceUntil: graceUntil, successor: successor) else {
                return (nil, [])
            }
            var details = AuditDetails.key(rotation.new, keyspaceName: keyspace.name)
            details["newKeyId"] = .string(rotation.new.id)
            details["oldStart"] = .string(rotation.old.start)
            details["oldExpiresAt"] = rotation.old.expiresAt.map { .string(Timestamp.format($0)) } ?? .null
            return (rotation, [context.draft("key.rotate", target: id, at: now, details: details)])
        }
        guard let rotation else { throw Self.noKey(id) }
        return Created(key: secret, record: presented(rotation.new), keyspace: keyspace)
    }

    /// Deletes the record and returns what it was. The log keeps a tombstone:
    /// id, keyspace, owner and `start`.
    @discardableResult
    public func delete(_ id: String, by context: AuditContext) async throws -> KeyRecord {
        let now = time.now
        let record = try await audit.record { writer -> (KeyRecord?, [AuditDraft]) in
            guard let record = try await writer.deleteKey(id: id) else { return (nil, []) }
            return (record, [context.draft("key.delete", target: id, at: now, details: AuditDetails.key(record))])
        }
        guard let record else { throw Self.noKey(id) }
        return record
    }

    static func noKey(_ id: String) -> KeywardError {
        KeywardError(.notFound, "no " + EchoedID.describe(id, kind: .key, noun: "key"))
    }
}
