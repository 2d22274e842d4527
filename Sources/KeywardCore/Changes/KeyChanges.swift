import Foundation

/// A change to a key's settings, as `PATCH /v1/keys/{id}` asks for it: nil
/// leaves a field as it is, `.some(nil)` clears it. A change names only the
/// fields it sets, so two changes to different fields never undo each other,
/// and no change can touch a revocation (see `Store.revokeKey`).
public struct KeyChanges: Sendable, Equatable {
    public var name: String??
    public var owner: String??
    public var scopes: [Scope]?
    public var ipAllowlist: [IPRange]?
    public var ratelimits: [RateLimit]?
    public var quota: QuotaChange?
    public var meta: [String: JSONValue]?
    public var expiresAt: Date??
    public var enabled: Bool?
    /// When set, the change applies only if the key still has this version
    /// (optimistic concurrency); otherwise it is a `CONFLICT`.
    public var expectedVersion: Int?

    public init(
        name: String?? = nil, owner: String?? = nil, scopes: [Scope]? = nil, ipAllowlist: [IPRange]? = nil, ratelimits: [RateLimit]? = nil,
        quota: QuotaChange? = nil, meta: [String: JSONValue]? = nil,
        expiresAt: Date?? = nil, enabled: Bool? = nil, expectedVersion: Int? = nil
    ) {
        self.name = name
        self.owner = owner
        self.scopes = scopes
        self.ipAllowlist = ipAllowlist
        self.ratelimits = ratelimits
        self.quota = quota
        self.meta = meta
        self.expiresAt = expiresAt
        self.enabled = enabled
        self.expectedVersion = expectedVersion
    }

    /// `record` with the change applied (the store applies the same, column by column).
    public func applied(to record: KeyRecord, at time: Date) throws(KeywardError) -> KeyRecord {
        var record = record
        if let name { record.name = name }
        if let owner { record.owner = owner }
        if let scopes { record.scopes = scopes }
        if let ipAllowlist { record.ipAllowlist = ipAllowlist }
        if let ratelimits { record.ratelimits = ratelimits }
        if let quota { record.quota = try quota.applied(to: record.quota, at: time) }
        if let meta { record.meta = meta }
        if let expiresAt { record.expiresAt = expiresAt }
        if let enabled { record.enabled = enabled }
        record.updatedAt = time
        record.version += 1
        return record
    }
}
