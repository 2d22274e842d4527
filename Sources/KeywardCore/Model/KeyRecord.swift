import Foundation

/// What Keyward stores about an issued key: everything but the key itself.
public struct KeyRecord: Sendable, Equatable {
    public var id: String
    public var keyspaceId: String
    public var hash: KeyHash
    /// The display form (`kw_3Fx9`).
    public var start: String
    public var name: String?
    /// Free-form identity of the consumer.
    public var owner: String?
    public var scopes: [Scope]
    /// Where the key may be used from; empty means anywhere (SPEC §4 step 5).
    public var ipAllowlist: [IPRange]
    /// Rate limits (SPEC §4 step 7); empty means none.
    public var ratelimits: [RateLimit]
    /// The quota (SPEC §4 step 8), as last read from the store; nil means none.
    public var quota: Quota?
    /// Whose rate-limit state and quota this key spends: its own id, or for a
    /// rotation successor the id of the first key of its line (SPEC §11: the
    /// new key takes over the old key's quota and rate-limit state).
    public var budgetID: String
    public var meta: [String: JSONValue]
    public var expiresAt: Date?
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    public var revokeReason: String?
    public var rotatedFrom: String?
    public var rotatedTo: String?
    /// Counts the changes the record has seen (1 when created); a change that
    /// names an expected version applies only to that version.
    public var version: Int

    public init(
        id: String, keyspaceId: String, hash: KeyHash, start: String, name: String? = nil, owner: String? = nil,
        scopes: [Scope] = [], ipAllowlist: [IPRange] = [], ratelimits: [RateLimit] = [], quota: Quota? = nil,
        budgetID: String? = nil, meta: [String: JSONValue] = [:], expiresAt: Date? = nil, enabled: Bool = true,
        createdAt: Date, updatedAt: Date, lastUsedAt: Date? = nil, revokedAt: Date? = nil, revokeReason: String? = nil,
        rotatedFrom: String? = nil, rotatedTo: String? = nil, version: Int = 1
    ) {
        self.id = id
        self.keyspaceId = keyspaceId
        self.hash = hash
        self.start = start
        self.name = name
        self.owner = owner
        self.scopes = scopes
        self.ipAllowlist = ipAllowlist
        self.ratelimits = ratelimits
        self.quota = quota
        self.budgetID = budgetID ?? id
        self.meta = meta
        self.expiresAt = expiresAt
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.revokeReason = revokeReason
        self.rotatedFrom = rotatedFrom
        self.rotatedTo = rotatedTo
        self.version = version
    }

    /// The state at `now`: revoked beats disabled beats expired (SPEC §11).
    public func state(at now: Date) -> KeyState {
        if revokedAt != nil { return .revoked }
        if !enabled { return .disabled }
        if let expiresAt, expiresAt <= now { return .expired }
        return .active
    }
}

/// The life-cycle state of a key or token.
public enum KeyState: String, Sendable, CaseIterable, Codable {
    case active
    case disabled
    case expired
    case revoked
}
