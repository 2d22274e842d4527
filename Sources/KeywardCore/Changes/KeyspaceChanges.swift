import Foundation

/// A change to a keyspace, field by field: nil leaves a field as it is,
/// `.some(nil)` clears an optional one.
public struct KeyspaceChanges: Sendable, Equatable {
    public var name: String?
    public var prefix: KeyPrefix?
    public var defaultScopes: [Scope]?
    public var ipAllowlist: [IPRange]?
    public var ratelimits: [RateLimit]?
    public var maxLifetime: DurationText??
    public var rotationPeriod: DurationText??
    public var requireExpiry: Bool?

    public init(
        name: String? = nil, prefix: KeyPrefix? = nil, defaultScopes: [Scope]? = nil, ipAllowlist: [IPRange]? = nil, ratelimits: [RateLimit]? = nil,
        maxLifetime: DurationText?? = nil,
        rotationPeriod: DurationText?? = nil, requireExpiry: Bool? = nil
    ) {
        self.name = name
        self.prefix = prefix
        self.defaultScopes = defaultScopes
        self.ipAllowlist = ipAllowlist
        self.ratelimits = ratelimits
        self.maxLifetime = maxLifetime
        self.rotationPeriod = rotationPeriod
        self.requireExpiry = requireExpiry
    }
}
