import Crypto
import Foundation
import KeywardCore

/// Where the key hierarchy is kept: the store, seen through the few calls the
/// hierarchy needs (KeywardEngine adapts the store to it).
public protocol KeyHierarchyStorage: Sendable {
    /// Whether the store holds nothing at all (a new installation).
    func isEmpty() async throws -> Bool
    func systemValue(_ name: String) async throws -> [UInt8]?
    /// Stores `values` together unless the first of them (the keyring) is there
    /// already; false when another start got there first.
    func insertHierarchy(_ values: [(name: String, value: [UInt8])]) async throws -> Bool
    /// Stores one value unless one is there, and returns the value stored.
    func insertValueIfAbsent(_ name: String, _ value: [UInt8]) async throws -> [UInt8]
}

/// Opens (or, for a new store, creates) the key hierarchy of SPEC §2 and §8:
/// master key → keyring of KEKs → wrapped pepper and audit keys. Returns the
/// hasher that holds the pepper in memory and the audit keys.
///
/// Creation is insert-if-absent, every value in one unit of work: two servers
/// starting on one empty store agree on one pepper (the loser reads what the
/// winner wrote). A store that holds data but lost its hierarchy rows is
/// refused, never silently given a new key.
public enum KeyHierarchy {
    public static let keyringName = "keyring"
    public static let pepperName = "pepper"
    public static let auditKeyName = "audit_key"
    public static let auditSigningKeyName = "audit_signing_key"
    public static let secretMatchKeyName = "secret_match_key"
    static let pepperContext = "keyward:pepper"
    static let auditKeyContext = "keyward:audit-key"
    static let auditSigningKeyContext = "keyward:audit-signing-key"
    static let secretMatchKeyContext = "keyward:secret-match-key"

    /// Every value the current KEK wraps in `system_values`, with its context:
    /// what a keyring rotation rewraps besides the vault's data keys.
    public static let wrappedValues: [(name: String, context: String)] = [
        (pepperName, pepperContext), (auditKeyName, auditKeyContext), (auditSigningKeyName, auditSigningKeyContext),
        (secretMatchKeyName, secretMatchKeyContext),
    ]

    public struct Opened: Sendable {
        public var hasher: KeyHasher
        public var keyring: Keyring
        /// The key of the audit chain's HMAC.
        public var auditChain: AuditChain
        /// The key that signs audit checkpoints.
        public var auditSigningKey: Curve25519.Signing.PrivateKey
        /// The keyed hash of vault values, for matching leak reports.
        public var secretFingerprinter: SecretFingerprinter
        /// The master key, kept to seal the keyring again after a rotation.
        public var masterKey: MasterKey
        public var createdMasterKeyFile: Bool
        public var warnings: [String]
    }

    public static func open(storage: some KeyHierarchyStorage, masterKeySource: MasterKeySource) async throws -> Opened {
        let isEmpty = try await storage.isEmpty()
        let loaded = try masterKeySource.load(storeIsEmpty: isEmpty)
        if try await storage.systemValue(keyringName) == nil {
            guard isEmpty else {
                throw KeywardError(
                    .masterKey,
                    "the store holds data but its key hierarchy (keyring and pepper) is missing; restore the store from a backup (Keyward never re-keys a store silently)"
                )
            }
            let keyring = Keyring.generate()
            _ = try await storage.insertHierarchy([
                (keyringName, try keyring.sealed(under: loaded.masterKey)),
                (pepperName, try keyring.wrap(randomBytes(32), context: pepperContext)),
                (auditKeyName, try keyring.wrap(randomBytes(32), context: auditKeyContext)),
                (auditSigningKeyName, try keyring.wrap(randomBytes(32), context: auditSigningKeyContext)),
                (secretMatchKeyName, try keyring.wrap(randomBytes(32), context: secretMatchKeyContext)),
            ])
        }
        guard let sealed = try await storage.systemValue(keyringName) else {
            throw KeywardError(.storageFailure, "the keyring was written but cannot be read back")
        }
        let keyring = try Keyring.open(sealed, masterKey: loaded.masterKey)
        guard let wrapped = try await storage.systemValue(pepperName) else {
            throw KeywardError(
                .masterKey,
                "the store's keyring is there but its pepper is missing; restore the store from a backup (keys cannot be verified without it)")
        }
        let pepper = try keyring.unwrap(wrapped, context: pepperContext)
        let auditKey = try await laterValue(auditKeyName, context: auditKeyContext, keyring: keyring, storage: storage)
        let signingSeed = try await laterValue(auditSigningKeyName, context: auditSigningKeyContext, keyring: keyring, storage: storage)
        let matchKey = try await laterValue(secretMatchKeyName, context: secretMatchKeyContext, keyring: keyring, storage: storage)
        let signingKey: Curve25519.Signing.PrivateKey
        do {
            signingKey = try Curve25519.Signing.PrivateKey(rawRepresentation: signingSeed)
        } catch {
            throw KeywardError(.decryptionFailed, "the audit signing key opened but is not an Ed25519 key")
        }
        return Opened(
            hasher: try KeyHasher(pepper: pepper), keyring: keyring, auditChain: try AuditChain(auditKey: auditKey), auditSigningKey: signingKey,
            secretFingerprinter: try SecretFingerprinter(key: matchKey), masterKey: loaded.masterKey,
            createdMasterKeyFile: loaded.created, warnings: loaded.warnings)
    }

    /// A key that came after the first hierarchy (the audit keys, the secret
    /// match key), made now for a store created before it existed
    /// (insert-if-absent, so concurrent starts agree).
    private static func laterValue(_ name: String, context: String, keyring: Keyring, storage: some KeyHierarchyStorage) async throws
        -> [UInt8]
    {
        var wrapped = try await storage.systemValue(name)
        if wrapped == nil {
            wrapped = try await storage.insertValueIfAbsent(name, try keyring.wrap(randomBytes(32), context: context))
        }
        guard let wrapped else { throw KeywardError(.storageFailure, "the \(name) was written but cannot be read back") }
        return try keyring.unwrap(wrapped, context: context)
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
