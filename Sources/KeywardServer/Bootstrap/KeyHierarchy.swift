import Foundation
import KeywardCore
import KeywardStore
import KeywardVault

/// Opens (or, for a new store, creates) the key hierarchy of SPEC §2 and §8:
/// master key → keyring of KEKs → wrapped pepper. Returns the hasher that holds
/// the pepper in memory.
enum KeyHierarchy {
    static let keyringName = "keyring"
    static let pepperName = "pepper"
    static let pepperContext = "keyward:pepper"

    struct Opened {
        var hasher: KeyHasher
        var keyring: Keyring
        var createdMasterKeyFile: Bool
        var warnings: [String]
    }

    static func open(store: any Store, masterKeySource: MasterKeySource) async throws -> Opened {
        let isEmpty = try await store.isEmpty()
        let loaded = try masterKeySource.load(storeIsEmpty: isEmpty)
        let keyring: Keyring
        if let sealed = try await store.systemValue(keyringName) {
            keyring = try Keyring.open(sealed, masterKey: loaded.masterKey)
        } else {
            keyring = Keyring.generate()
            try await store.setSystemValue(keyringName, try keyring.sealed(under: loaded.masterKey))
        }
        let pepper: [UInt8]
        if let wrapped = try await store.systemValue(pepperName) {
            pepper = try keyring.unwrap(wrapped, context: pepperContext)
        } else {
            var generator = SystemRandomNumberGenerator()
            pepper = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try await store.setSystemValue(pepperName, try keyring.wrap(pepper, context: pepperContext))
        }
        return Opened(hasher: try KeyHasher(pepper: pepper), keyring: keyring, createdMasterKeyFile: loaded.created, warnings: loaded.warnings)
    }
}
