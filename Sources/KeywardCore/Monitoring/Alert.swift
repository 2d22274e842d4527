import Foundation

/// The kinds of alert (SPEC §9, §11); the raw values are the webhook `type`s.
public enum AlertType: String, Sendable, CaseIterable, Hashable {
    /// A key's request rate far above its own baseline.
    case rateSpike = "key.rate_spike"
    /// A key with history used from a network it never used.
    case newNetwork = "key.new_network"
    /// A revoked, expired or rotated-out key presented.
    case revokedUse = "key.revoked_use"
    /// A burst of `MALFORMED`/`NOT_FOUND` answers to one source, which is now blocked.
    case bruteForce = "source.brute_force"
    /// A Keyward key reported exposed (`POST /v1/leaks`).
    case keyLeaked = "key.leaked"
    /// A vault secret's value reported exposed (SPEC §11, leaked vault values).
    case secretLeaked = "secret.leaked"
    /// A user locked after repeated failed logins or codes (docs/users.md).
    case userLocked = "user.locked"

    public var severity: AlertSeverity {
        switch self {
        case .rateSpike, .newNetwork, .bruteForce, .userLocked: .warning
        case .revokedUse: .high
        case .keyLeaked, .secretLeaked: .critical
        }
    }

    /// Parses an alert type's name; anything else is an `INVALID_FIELD` naming `field`.
    public init(parsing text: String, field: String) throws(KeywardError) {
        guard let type = Self(rawValue: text) else {
            let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw KeywardError(.invalidField, "unknown alert type; expected one of \(names)", field: field)
        }
        self = type
    }
}

/// How urgent an alert is, from a likely false alarm to a confirmed exposure.
public enum AlertSeverity: String, Sendable, CaseIterable, Hashable {
    case warning
    case high
    case critical
}

/// What a detector raises: the store folds it into the open alert of the same
/// type and subject, or opens a new one.
public struct AlertSignal: Sendable, Hashable {
    public var type: AlertType
    public var keyID: String?
    public var keyspaceID: String?
    /// The client address, for alerts about a source.
    public var source: String?
    public var secretPath: String?
    /// The user, for alerts about a user (`user.locked`).
    public var userID: String?
    public var time: Date
    /// How many occurrences this signal stands for.
    public var count: Int64
    /// What the detector saw (never a key, token or value).
    public var details: [String: JSONValue]

    public init(
        type: AlertType, keyID: String? = nil, keyspaceID: String? = nil, source: String? = nil, secretPath: String? = nil,
        userID: String? = nil, time: Date, count: Int64 = 1, details: [String: JSONValue] = [:]
    ) {
        self.userID = userID
        self.type = type
        self.keyID = keyID
        self.keyspaceID = keyspaceID
        self.source = source
        self.secretPath = secretPath
        self.time = time
        self.count = count
        self.details = details
    }

    /// What the alert is about; repeats of one type about one subject fold into one open alert.
    public var subject: String { Alert.subject(keyID: keyID, secretPath: secretPath, userID: userID, source: source) }
}

/// A stored alert (SPEC §5 `GET /v1/alerts`).
public struct Alert: Sendable, Hashable {
    public var id: String
    public var type: AlertType
    public var severity: AlertSeverity
    public var keyID: String?
    public var keyspaceID: String?
    public var source: String?
    public var secretPath: String?
    public var userID: String?
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    /// Occurrences folded into this alert.
    public var count: Int64
    /// The details of the latest occurrence.
    public var details: [String: JSONValue]
    public var acknowledgedAt: Date?
    /// The token that acknowledged it.
    public var acknowledgedBy: String?

    public init(
        id: String, type: AlertType, severity: AlertSeverity, keyID: String? = nil, keyspaceID: String? = nil, source: String? = nil,
        secretPath: String? = nil, userID: String? = nil, firstSeenAt: Date, lastSeenAt: Date, count: Int64, details: [String: JSONValue] = [:],
        acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil
    ) {
        self.userID = userID
        self.id = id
        self.type = type
        self.severity = severity
        self.keyID = keyID
        self.keyspaceID = keyspaceID
        self.source = source
        self.secretPath = secretPath
        self.firstSeenAt = firstSeenAt
        self.lastSeenAt = lastSeenAt
        self.count = count
        self.details = details
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
    }

    /// A new alert for `signal`.
    public init(id: String, opening signal: AlertSignal) {
        self.init(
            id: id, type: signal.type, severity: signal.type.severity, keyID: signal.keyID, keyspaceID: signal.keyspaceID, source: signal.source,
            secretPath: signal.secretPath, userID: signal.userID, firstSeenAt: signal.time, lastSeenAt: signal.time, count: signal.count,
            details: signal.details)
    }

    public var isOpen: Bool { acknowledgedAt == nil }

    /// What the alert is about: its key, else its secret path, else its user, else its source.
    public var subject: String { Self.subject(keyID: keyID, secretPath: secretPath, userID: userID, source: source) }

    static func subject(keyID: String?, secretPath: String?, userID: String?, source: String?) -> String {
        keyID ?? secretPath ?? userID ?? source ?? ""
    }
}

/// What a raise or an acknowledgement did: the alert as it is now, and whether
/// this call opened it (a raise) or closed it (an acknowledgement; the first one stands).
public struct AlertChange: Sendable, Hashable {
    public var alert: Alert
    public var isNew: Bool

    public init(alert: Alert, isNew: Bool) {
        self.alert = alert
        self.isNew = isNew
    }
}
