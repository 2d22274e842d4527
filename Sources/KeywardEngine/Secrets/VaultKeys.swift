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
    /// Seals the keyring for storage (a rotation stores it twice).
    let masterKey: MasterKey

    init(keyring: Keyring, fingerprinter: SecretFingerprinter, masterKey: MasterKey) {
        self.current = Mutex(keyring)
        self.fingerprinter = fingerprinter
        self.masterKey = masterKey
    }

    /// The keyring now: a value, so a seal or an open uses one keyring throughout.
    public var keyring: Keyring { current.withLock { $0 } }

    /// Puts `keyring` in place of the current one (after a rotation is stored).
    func replace(with keyring: Keyring) {
        current.withLock { $0 = keyring }
    }
}
