import Foundation

/// A named group of keys sharing a prefix and the defaults applied to new keys.
public struct Keyspace: Sendable, Equatable {
    public var id: String
    public var name: String
    public var prefix: KeyPrefix
    /// Scopes a new key gets when its request names none.
    public var defaultScopes: [Scope]
    /// The allowlist a new key gets when its request names none.
    public var ipAllowlist: [IPRange]
    /// The rate limits a new key gets when its request names none.
    public var ratelimits: [RateLimit]
    /// The longest life a key may have; a key without `expiresAt` gets it.
    public var maxLifetime: DurationText?
    /// How often keys should be rotated (reported by hygiene checks).
    public var rotationPeriod: DurationText?
    /// Whether every key must have an expiry.
    public var requireExpiry: Bool
    /// Whether rate limits count per node or once across every node (SPEC §11).
    public var rateLimitMode: RateLimitMode = .local
    /// How long its keys keep verifying from cache while a node cannot reach
    /// a shared store; nil: fail closed (`FailOpenWindow`).
    public var failOpenFor: DurationText?
    /// Anomaly thresholds, what a theft signal does, when unused keys are revoked.
    public var monitoring: KeyspaceMonitoring
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, name: String, prefix: KeyPrefix, defaultScopes: [Scope] = [], ipAllowlist: [IPRange] = [], ratelimits: [RateLimit] = [],
        maxLifetime: DurationText? = nil,
        rotationPeriod: DurationText? = nil, requireExpiry: Bool = false, monitoring: KeyspaceMonitoring = KeyspaceMonitoring(), createdAt: Date,
        updatedAt: Date, rateLimitMode: RateLimitMode = .local, failOpenFor: DurationText? = nil
    ) {
        self.rateLimitMode = rateLimitMode
        self.failOpenFor = failOpenFor
        self.id = id
        self.name = name
        self.prefix = prefix
        self.defaultScopes = defaultScopes
        self.ipAllowlist = ipAllowlist
        self.ratelimits = ratelimits
        self.maxLifetime = maxLifetime
        self.rotationPeriod = rotationPeriod
        self.requireExpiry = requireExpiry
        self.monitoring = monitoring
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
