import Foundation

/// A secret in the vault: its path, its current version and when it should
/// be rotated. The values live in its versions (`SecretVersion`).
public struct SecretRecord: Sendable, Equatable {
    public var path: SecretPath
    public var currentVersion: Int
    /// How often the value should change (`secret set --rotate-every 90d`).
    public var rotateEvery: DurationText?
    public var createdAt: Date
    /// When the current version was set.
    public var updatedAt: Date
    /// When a leak report matched one of its versions (SPEC §11); cleared by
    /// the next version.
    public var compromisedAt: Date?
    /// The report's `source` (a file and commit, a scanner's name).
    public var compromisedSource: String?

    public init(
        path: SecretPath, currentVersion: Int, rotateEvery: DurationText? = nil, createdAt: Date, updatedAt: Date, compromisedAt: Date? = nil,
        compromisedSource: String? = nil
    ) {
        self.path = path
        self.currentVersion = currentVersion
        self.rotateEvery = rotateEvery
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.compromisedAt = compromisedAt
        self.compromisedSource = compromisedSource
    }

    /// When the current value should be replaced: `rotateEvery` after it was set.
    public var rotationDueAt: Date? { rotateEvery.map { updatedAt.addingTimeInterval($0.timeInterval) } }

    /// Whether the value is older than `rotateEvery` at `now`.
    public func isRotationOverdue(at now: Date) -> Bool { rotationDueAt.map { $0 <= now } ?? false }
}

/// One version of a secret as stored: sealed, never the value (KeywardVault's
/// `SecretSealer` makes and opens the two blobs).
public struct SecretVersion: Sendable, Equatable {
    public var path: SecretPath
    public var version: Int
    /// The value sealed under the version's data key.
    public var ciphertext: [UInt8]
    /// The data key, wrapped by a key-encryption key.
    public var wrappedDataKey: [UInt8]
    public var createdAt: Date
    /// Who set it (an actor id: a token, a user).
    public var createdBy: String

    public init(path: SecretPath, version: Int, ciphertext: [UInt8], wrappedDataKey: [UInt8], createdAt: Date, createdBy: String) {
        self.path = path
        self.version = version
        self.ciphertext = ciphertext
        self.wrappedDataKey = wrappedDataKey
        self.createdAt = createdAt
        self.createdBy = createdBy
    }
}

/// The sealed form of a value, made once its version number is known (the
/// number is part of what the seal is bound to).
public struct SealedValue: Sendable, Equatable {
    public var ciphertext: [UInt8]
    public var wrappedDataKey: [UInt8]
    /// The value's keyed hash (`SecretFingerprinter`), kept beside it so that a
    /// leaked value can be recognised without decrypting every version.
    public var fingerprint: [UInt8]

    public init(ciphertext: [UInt8], wrappedDataKey: [UInt8], fingerprint: [UInt8]) {
        self.ciphertext = ciphertext
        self.wrappedDataKey = wrappedDataKey
        self.fingerprint = fingerprint
    }
}

/// Bounds of the vault.
public enum SecretLimits {
    /// Versions kept per secret; older ones are dropped (and with them their data keys).
    public static let maximumVersions = 100
    /// The largest value, in bytes (SPEC §11).
    public static let maximumValueBytes = 64 * 1024
}
