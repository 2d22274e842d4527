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
    public var rateLimitMode: RateLimitMode?
    public var failOpenFor: DurationText??
    public var onTheft: KeyspaceMonitoring.TheftResponse?
    public var revokeUnusedAfter: DurationText??
    /// A keyspace's own thresholds; `.some(nil)` goes back to the server's.
    public var spikeFactor: Double??
    public var spikeMinimum: Int64??
    public var newNetworkAfter: DurationText??

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

    /// Whether the change touches the monitoring policy.
    public var changesMonitoring: Bool {
        onTheft != nil || revokeUnusedAfter != nil || spikeFactor != nil || spikeMinimum != nil || newNetworkAfter != nil
    }

    /// `policy` with this change's monitoring fields in place.
    public func monitoring(appliedTo policy: KeyspaceMonitoring) -> KeyspaceMonitoring {
        var policy = policy
        if let onTheft { policy.onTheft = onTheft }
        if let revokeUnusedAfter { policy.revokeUnusedAfter = revokeUnusedAfter }
        if let spikeFactor { policy.anomalies.spikeFactor = spikeFactor }
        if let spikeMinimum { policy.anomalies.spikeMinimum = spikeMinimum }
        if let newNetworkAfter { policy.anomalies.newNetworkAfter = newNetworkAfter }
        return policy
    }
}
