import Foundation

/// An administrator who logs in with a password (SPEC §11, users and sessions).
/// The password is stored only as a bcrypt hash of its peppered HMAC
/// (`PasswordHashing`), never in clear.
public struct UserRecord: Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: UserRole
    /// `$2b$…`: bcrypt of the password's peppered HMAC.
    public var passwordHash: String
    /// A disabled user cannot log in, and its sessions were revoked.
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// The token or user that made this one, or `system`.
    public var createdBy: String

    public init(
        id: String, name: String, role: UserRole, passwordHash: String, enabled: Bool = true, createdAt: Date, updatedAt: Date, createdBy: String
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
    }
}

/// What a user may do: the scopes its sessions carry (docs/users.md).
public enum UserRole: String, Sendable, CaseIterable {
    /// Everything.
    case admin
    /// Keys, keyspaces, tokens within its own scopes, secrets, leak reports.
    case `operator`
    /// The audit log, reports, alerts and metrics: reading only.
    case auditor
    /// Keys and keyspaces: reading only.
    case reader

    public var scopes: [Scope] {
        switch self {
        case .admin: [ManagementScope.admin]
        case .operator:
            [
                ManagementScope.keysWrite, ManagementScope.keysVerify, ManagementScope.keyspacesWrite, ManagementScope.tokensWrite,
                ManagementScope.secretsWrite, ManagementScope.leaksReport,
            ]
        case .auditor: [ManagementScope.auditRead, ManagementScope.reportsRead, ManagementScope.alertsRead, ManagementScope.metricsRead]
        case .reader: [ManagementScope.keysRead, ManagementScope.keyspacesRead]
        }
    }

    public init(parsing text: String, field: String) throws(KeywardError) {
        guard let role = UserRole(rawValue: text) else {
            throw KeywardError(.invalidField, "expected one of admin, operator, auditor, reader", field: field)
        }
        self = role
    }
}

/// A change to a user; nil leaves a field as it is.
public struct UserChanges: Sendable, Equatable {
    public var role: UserRole?
    public var enabled: Bool?
    /// A new password's hash (the service hashes; the store never sees the password).
    public var passwordHash: String?

    public init(role: UserRole? = nil, enabled: Bool? = nil, passwordHash: String? = nil) {
        self.role = role
        self.enabled = enabled
        self.passwordHash = passwordHash
    }
}

extension KeywardError.Code {
    /// A login that failed: the same answer for an unknown user and a wrong password (401).
    public static let invalidCredentials = Self("INVALID_CREDENTIALS", .unauthenticated)
    /// Too many failed logins: the user waits (429 with `Retry-After`).
    public static let userLocked = Self("USER_LOCKED", .throttled)
}
