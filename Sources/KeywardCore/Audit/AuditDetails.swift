import Foundation

/// The `details` of the entries Keyward writes, made from records only: no
/// plaintext key, token or secret can reach them.
public enum AuditDetails {
    public static func key(_ record: KeyRecord, keyspaceName: String? = nil) -> [String: JSONValue] {
        var details: [String: JSONValue] = [
            "keyspace": .string(record.keyspaceId),
            "start": .string(record.start),
            "scopes": .array(record.scopes.map { .string($0.rawValue) }),
            "enabled": .bool(record.enabled),
        ]
        if !record.ipAllowlist.isEmpty { details["ipAllowlist"] = .array(record.ipAllowlist.map { .string($0.description) }) }
        if let keyspaceName { details["keyspaceName"] = .string(keyspaceName) }
        if let name = record.name { details["name"] = .string(name) }
        if let owner = record.owner { details["owner"] = .string(owner) }
        if let expiresAt = record.expiresAt { details["expiresAt"] = .string(Timestamp.format(expiresAt)) }
        return details
    }

    /// The fields a change named, with the new values (for `meta`, only that it changed).
    public static func keyChanges(_ changes: KeyChanges) -> [String: JSONValue] {
        var changed: [String] = []
        var details: [String: JSONValue] = [:]
        if let name = changes.name {
            changed.append("name")
            details["name"] = name.map { .string($0) } ?? .null
        }
        if let owner = changes.owner {
            changed.append("owner")
            details["owner"] = owner.map { .string($0) } ?? .null
        }
        if let scopes = changes.scopes {
            changed.append("scopes")
            details["scopes"] = .array(scopes.map { .string($0.rawValue) })
        }
        if let ipAllowlist = changes.ipAllowlist {
            changed.append("ipAllowlist")
            details["ipAllowlist"] = .array(ipAllowlist.map { .string($0.description) })
        }
        if changes.meta != nil { changed.append("meta") }
        if let expiresAt = changes.expiresAt {
            changed.append("expiresAt")
            details["expiresAt"] = expiresAt.map { .string(Timestamp.format($0)) } ?? .null
        }
        if let enabled = changes.enabled {
            changed.append("enabled")
            details["enabled"] = .bool(enabled)
        }
        details["changed"] = .array(changed.map { .string($0) })
        return details
    }

    public static func keyspace(_ keyspace: Keyspace) -> [String: JSONValue] {
        var details: [String: JSONValue] = [
            "name": .string(keyspace.name),
            "prefix": .string(keyspace.prefix.rawValue),
            "scopes": .array(keyspace.defaultScopes.map { .string($0.rawValue) }),
            "requireExpiry": .bool(keyspace.requireExpiry),
        ]
        if !keyspace.ipAllowlist.isEmpty { details["ipAllowlist"] = .array(keyspace.ipAllowlist.map { .string($0.description) }) }
        if let maxLifetime = keyspace.maxLifetime { details["maxLifetime"] = .string(maxLifetime.description) }
        if let rotationPeriod = keyspace.rotationPeriod { details["rotationPeriod"] = .string(rotationPeriod.description) }
        return details
    }

    public static func token(_ token: TokenRecord) -> [String: JSONValue] {
        var details: [String: JSONValue] = [
            "start": .string(token.start),
            "scopes": .array(token.scopes.map { .string($0.rawValue) }),
            "createdBy": .string(token.createdBy),
        ]
        if let name = token.name { details["name"] = .string(name) }
        if let expiresAt = token.expiresAt { details["expiresAt"] = .string(Timestamp.format(expiresAt)) }
        return details
    }
}
