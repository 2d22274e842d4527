import KeywardCore

/// Whose usage a usage read adds up: one key, or every key of a keyspace.
public enum UsageSubject: Sendable, Equatable {
    case key(String)
    case keyspace(String)
}

/// Which alerts a list returns; every field given must match.
public struct AlertFilter: Sendable, Equatable {
    /// Only alerts not yet acknowledged.
    public var openOnly: Bool
    public var type: AlertType?
    public var keyID: String?

    public init(openOnly: Bool = false, type: AlertType? = nil, keyID: String? = nil) {
        self.openOnly = openOnly
        self.type = type
        self.keyID = keyID
    }
}

/// Bounds of the monitoring tables.
public enum MonitoringLimits {
    /// Networks remembered per key; a key seen from more is no longer watched for new ones.
    public static let maximumNetworksPerKey = 1_000
}
