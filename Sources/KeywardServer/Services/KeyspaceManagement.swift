import Foundation
import KeywardCore
import KeywardStore

/// The settings of a keyspace as a request gives them; nil means "not given".
struct KeyspaceFields: Sendable {
    var name: String?
    var prefix: KeyPrefix?
    var scopes: [Scope]?
    /// `.some(nil)` clears the value on update.
    var maxLifetime: DurationText??
    var rotationPeriod: DurationText??
    var requireExpiry: Bool?
}

extension KeywardServices {
    func createKeyspace(_ fields: KeyspaceFields) async throws -> Keyspace {
        guard let name = fields.name else { throw KeywardError(.missingField, "the field is required", field: "name") }
        let created = now
        let keyspace = Keyspace(
            id: RecordID.make(.keyspace), name: name, prefix: fields.prefix ?? .defaultKeyspace, defaultScopes: fields.scopes ?? [],
            maxLifetime: fields.maxLifetime ?? nil, rotationPeriod: fields.rotationPeriod ?? nil, requireExpiry: fields.requireExpiry ?? false,
            createdAt: created, updatedAt: created
        )
        try await store.insertKeyspace(keyspace)
        return keyspace
    }

    func keyspace(_ idOrName: String) async throws -> Keyspace {
        guard let keyspace = try await store.keyspace(idOrName: idOrName) else {
            throw Self.noKeyspace(idOrName)
        }
        return keyspace
    }

    func updateKeyspace(_ idOrName: String, _ fields: KeyspaceFields) async throws -> Keyspace {
        var keyspace = try await keyspace(idOrName)
        let renamed = fields.name != nil && fields.name != keyspace.name
        if let name = fields.name { keyspace.name = name }
        if let prefix = fields.prefix { keyspace.prefix = prefix }
        if let scopes = fields.scopes { keyspace.defaultScopes = scopes }
        if let maxLifetime = fields.maxLifetime { keyspace.maxLifetime = maxLifetime }
        if let rotationPeriod = fields.rotationPeriod { keyspace.rotationPeriod = rotationPeriod }
        if let requireExpiry = fields.requireExpiry { keyspace.requireExpiry = requireExpiry }
        keyspace.updatedAt = now
        try await store.updateKeyspace(keyspace)
        // Cached keys carry their keyspace's name; a rename makes them stale.
        if renamed { keyCache.invalidateAll() }
        return keyspace
    }

    func deleteKeyspace(_ idOrName: String) async throws {
        let keyspace = try await keyspace(idOrName)
        guard try await store.deleteKeyspace(id: keyspace.id) else { throw Self.noKeyspace(idOrName) }
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
