import Foundation
import KeywardCore

/// The public JSON shapes of records. They never hold a key, a token or a key's hash
/// (audit entries carry the hashes of the audit chain, which are public).
enum RecordViews {
    /// A key; with its keyspace's `rotationPeriod`, also `rotationDueAt` and `rotationOverdue`.
    static func key(_ record: KeyRecord, keyspaceName: String, rotationPeriod: DurationText? = nil, now: Date) -> JSONObjectBuilder {
        var view = JSONObjectBuilder()
        view.set("id", record.id)
        view.set("keyspaceId", record.keyspaceId)
        view.set("keyspace", keyspaceName)
        view.set("start", record.start)
        view.set("name", record.name)
        view.set("owner", record.owner)
        view.set("scopes", record.scopes)
        view.set("ipAllowlist", .array(record.ipAllowlist.map { .string($0.description) }))
        view.set("ratelimits", ratelimits(record.ratelimits))
        view.set("quota", record.quota.map(quota) ?? .null)
        view.set("meta", JSONValue.object(record.meta))
        view.set("expiresAt", record.expiresAt)
        view.set("enabled", record.enabled)
        view.set("state", record.state(at: now).rawValue)
        view.set("createdAt", record.createdAt)
        view.set("updatedAt", record.updatedAt)
        view.set("lastUsedAt", record.lastUsedAt)
        view.set("revokedAt", record.revokedAt)
        view.set("revokeReason", record.revokeReason)
        view.set("rotatedFrom", record.rotatedFrom)
        view.set("rotatedTo", record.rotatedTo)
        if rotationPeriod != nil {
            view.set("rotationDueAt", RotationSchedule.dueAt(record, period: rotationPeriod))
            view.set("rotationOverdue", RotationSchedule.isOverdue(record, period: rotationPeriod, at: now))
        }
        return view
    }

    static func keyspace(_ keyspace: Keyspace) -> JSONObjectBuilder {
        var view = JSONObjectBuilder()
        view.set("id", keyspace.id)
        view.set("name", keyspace.name)
        view.set("prefix", keyspace.prefix.rawValue)
        view.set("scopes", keyspace.defaultScopes)
        view.set("ipAllowlist", .array(keyspace.ipAllowlist.map { .string($0.description) }))
        view.set("ratelimits", ratelimits(keyspace.ratelimits))
        view.set("maxLifetime", keyspace.maxLifetime?.text)
        view.set("rotationPeriod", keyspace.rotationPeriod?.text)
        view.set("requireExpiry", keyspace.requireExpiry)
        view.set("rateLimitMode", keyspace.rateLimitMode.rawValue)
        view.set("failOpenFor", keyspace.failOpenFor?.text)
        if case .object(let monitoring) = keyspace.monitoring.json {
            for (name, value) in monitoring { view.set(name, value) }
        }
        view.set("createdAt", keyspace.createdAt)
        view.set("updatedAt", keyspace.updatedAt)
        return view
    }

    /// `[{name, limit, window, per}]`.
    static func ratelimits(_ limits: [RateLimit]) -> JSONValue {
        .array(
            limits.map { limit in
                .object([
                    "name": .string(limit.name), "limit": .number(Double(limit.limit)), "window": .string(limit.window.text),
                    "per": .string(limit.per.rawValue),
                ])
            })
    }

    /// `{remaining, refill: {amount, interval} | null}`.
    static func quota(_ quota: Quota) -> JSONValue {
        let refill: JSONValue =
            quota.refill.map { .object(["amount": .number(Double($0.amount)), "interval": .string($0.interval.rawValue)]) } ?? .null
        return .object(["remaining": .number(Double(quota.remaining)), "refill": refill])
    }

    static func token(_ token: TokenRecord, now: Date) -> JSONObjectBuilder {
        var view = JSONObjectBuilder()
        view.set("id", token.id)
        view.set("start", token.start)
        view.set("name", token.name)
        view.set("scopes", token.scopes)
        view.set("expiresAt", token.expiresAt)
        view.set("createdAt", token.createdAt)
        view.set("createdBy", token.createdBy)
        view.set("revokedAt", token.revokedAt)
        view.set("state", token.state(at: now).rawValue)
        if let userID = token.userID { view.set("userId", userID) }
        return view
    }

    /// A user: never its password or its hash.
    static func user(_ user: UserRecord) -> JSONObjectBuilder {
        var view = JSONObjectBuilder()
        view.set("id", user.id)
        view.set("name", user.name)
        view.set("role", user.role.rawValue)
        view.set("scopes", user.role.scopes)
        view.set("enabled", user.enabled)
        view.set("createdAt", user.createdAt)
        view.set("updatedAt", user.updatedAt)
        view.set("createdBy", user.createdBy)
        return view
    }

    /// `{"items": […], "nextCursor"}` with `nextCursor` absent on the last page.
    static func list(_ items: [JSONValue], nextCursor: String?) -> JSONValue {
        var members: [String: JSONValue] = ["items": .array(items)]
        if let nextCursor { members["nextCursor"] = .string(nextCursor) }
        return .object(members)
    }

    /// An audit entry: `{seq, time, actor: {type, id, start?}, action, target,
    /// outcome, sourceIp, details, hash, digest}`.
    static func auditEntry(_ entry: AuditEntry) -> JSONValue {
        var actor: [String: JSONValue] = ["type": .string(entry.actor.kind.rawValue), "id": .string(entry.actor.id)]
        if let start = entry.actor.start { actor["start"] = .string(start) }
        var view = JSONObjectBuilder()
        view.set("seq", Int(entry.seq))
        view.set("time", entry.time)
        view.set("actor", .object(actor))
        view.set("action", entry.action)
        view.set("target", entry.target)
        view.set("outcome", entry.outcome)
        view.set("sourceIp", entry.sourceIP)
        view.set("details", .object(entry.details))
        view.set("hash", Hex.encode(entry.hash))
        view.set("digest", Hex.encode(entry.digest))
        return view.object
    }
}
