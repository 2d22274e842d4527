import Foundation
import KeywardCore
import KeywardStore

/// Keyspaces and the defaults of their keys.
public struct KeyspaceService: Sendable {
    let store: any Store
    let time: EngineClock

    public func create(name: String, _ changes: KeyspaceChanges) async throws -> Keyspace {
        let created = time.now
        let keyspace = Keyspace(
            id: RecordID.make(.keyspace), name: name, prefix: changes.prefix ?? .defaultKeyspace, defaultScopes: changes.defaultScopes ?? [],
            maxLifetime: changes.maxLifetime ?? nil, rotationPeriod: changes.rotationPeriod ?? nil, requireExpiry: changes.requireExpiry ?? false,
            createdAt: created, updatedAt: created
        )
        try await store.insertKeyspace(keyspace)
        return keyspace
    }

    /// The keyspace named by id or name, or `NOT_FOUND`.
    public func get(_ idOrName: String) async throws -> Keyspace {
        guard let keyspace = try await store.keyspace(idOrName: idOrName) else { throw Self.noKeyspace(idOrName) }
        return keyspace
    }

    public func list(_ page: PageRequest) async throws -> Page<Keyspace> {
        try await store.listKeyspaces(page)
    }

    public func update(_ idOrName: String, _ changes: KeyspaceChanges) async throws -> Keyspace {
        let keyspace = try await get(idOrName)
        do {
            return try await store.updateKeyspace(id: keyspace.id, changes, at: time.now)
        } catch let error as KeywardError where error.code == .notFound {
            throw Self.noKeyspace(idOrName)
        }
    }

    public func delete(_ idOrName: String) async throws {
        let keyspace = try await get(idOrName)
        guard try await store.deleteKeyspace(id: keyspace.id) else { throw Self.noKeyspace(idOrName) }
    }

    /// Names of the keyspaces of `records`, looked up once each.
    public func names(for records: [KeyRecord]) async throws -> [String: String] {
        var names: [String: String] = [:]
        for id in Set(records.map(\.keyspaceId)) {
            names[id] = try await store.keyspace(idOrName: id)?.name ?? id
        }
        return names
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
