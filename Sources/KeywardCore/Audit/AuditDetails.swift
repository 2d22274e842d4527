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
        if !record.ratelimits.isEmpty { details["ratelimits"] = ratelimits(record.ratelimits) }
        if let quota = record.quota { details["quota"] = self.quota(quota) }
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
        if let limits = changes.ratelimits {
            changed.append("ratelimits")
            details["ratelimits"] = ratelimits(limits)
        }
        if let quota = changes.quota {
            changed.append("quota")
            switch quota {
            case .clear: details["quota"] = .null
            case .set(let remaining, let refill):
                var change: [String: JSONValue] = [:]
                if let remaining { change["remaining"] = .number(Double(remaining)) }
                if let refill { change["refill"] = refill.map(Self.refill) ?? .null }
                details["quota"] = .object(change)
            }
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
            "requireExpiry": .bool(keyspace.requireExpiry), "rateLimitMode": .string(keyspace.rateLimitMode.rawValue),
        ]
        if !keyspace.ipAllowlist.isEmpty { details["ipAllowlist"] = .array(keyspace.ipAllowlist.map { .string($0.description) }) }
        if !keyspace.ratelimits.isEmpty { details["ratelimits"] = ratelimits(keyspace.ratelimits) }
        if let maxLifetime = keyspace.maxLifetime { details["maxLifetime"] = .string(maxLifetime.description) }
        if let rotationPeriod = keyspace.rotationPeriod { details["rotationPeriod"] = .string(rotationPeriod.description) }
        if let failOpenFor = keyspace.failOpenFor { details["failOpenFor"] = .string(failOpenFor.description) }
        if keyspace.monitoring != KeyspaceMonitoring() { details["monitoring"] = keyspace.monitoring.json }
        return details
    }

    static func ratelimits(_ limits: [RateLimit]) -> JSONValue {
        .array(limits.map { .string($0.description) })
    }

    static func quota(_ quota: Quota) -> JSONValue {
        .object(["remaining": .number(Double(quota.remaining)), "refill": quota.refill.map(refill) ?? .null])
    }

    static func refill(_ refill: QuotaRefill) -> JSONValue { .string(refill.description) }

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
