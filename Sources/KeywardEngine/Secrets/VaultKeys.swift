import KeywardCore
import KeywardStore
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
    /// The sealed keyring this node last adopted from the store (nil: none yet).
    private let adopted = Mutex<[UInt8]?>(nil)

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

    // MARK: Following other nodes (a shared PostgreSQL store)

    /// The keyring as stored, read inside `writer`'s unit of work. Writes are
    /// serialised across nodes, so a value sealed with it is never sealed
    /// under a KEK that another node's keyring rotation destroyed meanwhile
    /// (that rotation's last check sees every version committed before it).
    func keyringAsStored(in writer: any StoreWriter) async throws -> Keyring {
        try adopt(try await writer.systemValue(KeyHierarchy.keyringName))
    }

    /// Brings the keyring up to date with the stored one: another node may
    /// have rotated it. A keyring sealed under another master key (a rekey
    /// on another node) is an error; this node keeps the keyring it has.
    @discardableResult
    func refresh(from store: any StoreReader) async throws -> Keyring {
        try adopt(try await store.systemValue(KeyHierarchy.keyringName))
    }

    /// Runs `open` with the keyring; when it fails, once more with the stored
    /// keyring, which another node may have rotated since this one last heard.
    func opening<T>(from store: any StoreReader, _ open: (Keyring) throws -> T) async throws -> T {
        do {
            return try open(keyring)
        } catch {
            let before = keyring.keyIDs
            guard let refreshed = try? await refresh(from: store), refreshed.keyIDs != before else { throw error }
            return try open(refreshed)
        }
    }

    private func adopt(_ sealed: [UInt8]?) throws -> Keyring {
        guard let sealed else { return keyring }
        if adopted.withLock({ $0 == sealed }) { return keyring }
        let opened = try Keyring.open(sealed, masterKey: masterKey)
        current.withLock { $0 = opened }
        adopted.withLock { $0 = sealed }
        return opened
    }
}
