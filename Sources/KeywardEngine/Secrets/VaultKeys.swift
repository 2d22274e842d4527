import KeywardCore
import KeywardVault
import Synchronization

/// The key material the vault works with, held in memory: the keyring that
/// wraps every data key (replaced as a whole by a keyring rotation, while
/// reads go on with the snapshot they took) and the fingerprinter that makes
/// the keyed hash of every value.
public final class VaultKeys: Sendable {
    private let current: Mutex<Keyring>
    public let fingerprinter: SecretFingerprinter
    private let master: Mutex<MasterKey>
    /// Where the master key came from (a rekey replaces the key file).
    let masterKeySource: MasterKeySource
    /// Set while a rotation or a rekey changes the stored keyring: one at a time.
    private let changing = Mutex(false)

    init(keyring: Keyring, fingerprinter: SecretFingerprinter, masterKey: MasterKey, source: MasterKeySource) {
        self.current = Mutex(keyring)
        self.fingerprinter = fingerprinter
        self.master = Mutex(masterKey)
        self.masterKeySource = source
    }

    /// Seals the keyring for storage.
    var masterKey: MasterKey { master.withLock { $0 } }

    func replace(masterKey: MasterKey) {
        master.withLock { $0 = masterKey }
    }

    /// Runs `body` unless another change of the keyring runs (then `CONFLICT`).
    func changingKeyring<T: Sendable>(_ what: String, _ body: () async throws -> T) async throws -> T {
        guard
            changing.withLock({ busy in
                defer { busy = true }; return !busy
            })
        else {
            throw KeywardError(.conflict, "a keyring rotation or rekey is already running; \(what) waits for it to finish")
        }
        defer { changing.withLock { $0 = false } }
        return try await body()
    }

    /// The keyring now: a value, so a seal or an open uses one keyring throughout.
    public var keyring: Keyring { current.withLock { $0 } }

    /// Puts `keyring` in place of the current one (after a rotation is stored).
    func replace(with keyring: Keyring) {
        current.withLock { $0 = keyring }
    }
}
