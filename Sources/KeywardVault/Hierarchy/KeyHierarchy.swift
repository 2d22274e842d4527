import Foundation
import KeywardCore

/// Where the key hierarchy is kept: the store, seen through the few calls the
/// hierarchy needs (KeywardEngine adapts the store to it).
public protocol KeyHierarchyStorage: Sendable {
    /// Whether the store holds nothing at all (a new installation).
    func isEmpty() async throws -> Bool
    func systemValue(_ name: String) async throws -> [UInt8]?
    /// Stores the sealed keyring and the wrapped pepper together, unless a
    /// keyring is there already; false when another start got there first.
    func insertHierarchy(keyring: [UInt8], pepper: [UInt8]) async throws -> Bool
}

/// Opens (or, for a new store, creates) the key hierarchy of SPEC §2 and §8:
/// master key → keyring of KEKs → wrapped pepper. Returns the hasher that holds
/// the pepper in memory.
///
/// Creation is insert-if-absent, keyring and pepper in one unit of work: two
/// servers starting on one empty store agree on one pepper (the loser reads
/// what the winner wrote). A store that holds data but lost its hierarchy rows
/// is refused, never silently given a new key.
public enum KeyHierarchy {
    public static let keyringName = "keyring"
    public static let pepperName = "pepper"
    static let pepperContext = "keyward:pepper"

    public struct Opened: Sendable {
        public var hasher: KeyHasher
        public var keyring: Keyring
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
            var generator = SystemRandomNumberGenerator()
            let pepper = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try await storage.insertHierarchy(
                keyring: try keyring.sealed(under: loaded.masterKey), pepper: try keyring.wrap(pepper, context: pepperContext))
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
        return Opened(hasher: try KeyHasher(pepper: pepper), keyring: keyring, createdMasterKeyFile: loaded.created, warnings: loaded.warnings)
    }
}
