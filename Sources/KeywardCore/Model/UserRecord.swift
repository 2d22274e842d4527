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
    /// The TOTP secret, sealed by the keyring, once enrolment began; never shown.
    public var totp: TOTPEnrolment?

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

    /// Whether a login needs a second factor: TOTP enrolment was confirmed.
    public var requiresSecondFactor: Bool { totp?.confirmedAt != nil }
}

/// A user's TOTP: the secret sealed under the keyring (bound to the user's id),
/// when the first code confirmed it, and the last step a code was accepted for
/// (a code is good once: the replay guard).
public struct TOTPEnrolment: Sendable, Equatable {
    public var sealedSecret: [UInt8]
    public var confirmedAt: Date?
    public var lastStep: Int64?

    public init(sealedSecret: [UInt8], confirmedAt: Date? = nil, lastStep: Int64? = nil) {
        self.sealedSecret = sealedSecret
        self.confirmedAt = confirmedAt
        self.lastStep = lastStep
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
    /// Removes the user's second factor and recovery codes (a lost phone).
    public var resetSecondFactor: Bool

    public init(role: UserRole? = nil, enabled: Bool? = nil, passwordHash: String? = nil, resetSecondFactor: Bool = false) {
        self.role = role
        self.enabled = enabled
        self.passwordHash = passwordHash
        self.resetSecondFactor = resetSecondFactor
    }
}

extension KeywardError.Code {
    /// A login that failed: the same answer for an unknown user and a wrong password (401).
    public static let invalidCredentials = Self("INVALID_CREDENTIALS", .unauthenticated)
    /// Too many failed logins: the user waits (429 with `Retry-After`).
    public static let userLocked = Self("USER_LOCKED", .throttled)
    /// The user has a second factor and the login named no code (401).
    public static let mfaRequired = Self("MFA_REQUIRED", .unauthenticated)
    /// A TOTP or recovery code that is wrong, used already, or of another step (401).
    public static let invalidCode = Self("INVALID_CODE", .unauthenticated)
}
