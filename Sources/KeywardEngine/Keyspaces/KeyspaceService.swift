import Foundation
import KeywardCore
import KeywardStore

/// Keyspaces and the defaults of their keys. Every change is audited in the
/// unit of work that makes it.
public struct KeyspaceService: Sendable {
    let store: any Store
    let audit: AuditLog
    let time: EngineClock

    public func create(name: String, _ changes: KeyspaceChanges, by context: AuditContext) async throws -> Keyspace {
        let created = time.now
        let keyspace = Keyspace(
            id: RecordID.make(.keyspace), name: name, prefix: changes.prefix ?? .defaultKeyspace, defaultScopes: changes.defaultScopes ?? [],
            ipAllowlist: changes.ipAllowlist ?? [], ratelimits: changes.ratelimits ?? [],
            maxLifetime: changes.maxLifetime ?? nil, rotationPeriod: changes.rotationPeriod ?? nil, requireExpiry: changes.requireExpiry ?? false,
            monitoring: changes.monitoring(appliedTo: KeyspaceMonitoring()), createdAt: created, updatedAt: created,
            rateLimitMode: changes.rateLimitMode ?? .local, failOpenFor: changes.failOpenFor ?? nil
        )
        return try await audit.record { writer in
            try await writer.insertKeyspace(keyspace)
            return (keyspace, [context.draft("keyspace.create", target: keyspace.id, at: created, details: AuditDetails.keyspace(keyspace))])
        }
    }

    /// The keyspace named by id or name, or `NOT_FOUND`.
    public func get(_ idOrName: String) async throws -> Keyspace {
        guard let keyspace = try await store.keyspace(idOrName: idOrName) else { throw Self.noKeyspace(idOrName) }
        return keyspace
    }

    public func list(_ page: PageRequest) async throws -> Page<Keyspace> {
        try await store.listKeyspaces(page)
    }

    public func update(_ idOrName: String, _ changes: KeyspaceChanges, by context: AuditContext) async throws -> Keyspace {
        let keyspace = try await get(idOrName)
        let now = time.now
        do {
            return try await audit.record { writer in
                let updated = try await writer.updateKeyspace(id: keyspace.id, changes, at: now)
                return (updated, [context.draft("keyspace.update", target: keyspace.id, at: now, details: AuditDetails.keyspace(updated))])
            }
        } catch let error as KeywardError where error.code == .notFound {
            throw Self.noKeyspace(idOrName)
        }
    }

    public func delete(_ idOrName: String, by context: AuditContext) async throws {
        let keyspace = try await get(idOrName)
        let now = time.now
        let deleted = try await audit.record { writer in
            guard try await writer.deleteKeyspace(id: keyspace.id) else { return (false, []) }
            return (true, [context.draft("keyspace.delete", target: keyspace.id, at: now, details: AuditDetails.keyspace(keyspace))])
        }
        guard deleted else { throw Self.noKeyspace(idOrName) }
    }

    /// Names of the keyspaces of `records`, looked up once each.
    /// The keyspaces of `records`, by id (one read each).
    public func keyspaces(for records: [KeyRecord]) async throws -> [String: Keyspace] {
        var keyspaces: [String: Keyspace] = [:]
        for id in Set(records.map(\.keyspaceId)) {
            keyspaces[id] = try await store.keyspace(idOrName: id)
        }
        return keyspaces
    }

    /// A keyspace is named by id or name; a name is repeated only when it is a
    /// valid name (a name never has the shape of a key, see `KeywardName`).
    static func noKeyspace(_ idOrName: String) -> KeywardError {
        if RecordID.isValid(idOrName, kind: .keyspace) { return KeywardError(.notFound, "no keyspace \(idOrName)") }
        if (try? KeywardName.validate(idOrName, field: "keyspace")) != nil {
            return KeywardError(.notFound, "no keyspace named \(idOrName)")
        }
        return KeywardError(.notFound, "no keyspace with the name or id given (not repeated here: it is neither)")
    }
}
