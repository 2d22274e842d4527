import Crypto
import Foundation
import KeywardCore

/// The key-encryption keys (KEKs) under the master key (SPEC §8).
///
/// The current KEK wraps every data key, the key-hash pepper and the audit
/// keys; each wrapped value names the KEK that wrapped it in its header, so a
/// rotation can add a KEK, rewrap, and destroy the old one while serving.
/// The keyring itself is stored sealed under the master key.
public struct Keyring: Sendable, CustomStringConvertible {
    private var keys: [UInt32: SymmetricKey]
    public private(set) var currentID: UInt32

    static let context = "keyward:keyring"

    /// A keyring with one fresh KEK (id 1).
    public static func generate() -> Keyring {
        Keyring(keys: [1: SymmetricKey(size: .bits256)], currentID: 1)
    }

    private init(keys: [UInt32: SymmetricKey], currentID: UInt32) {
        self.keys = keys
        self.currentID = currentID
    }

    /// The ids of the KEKs held, oldest first.
    public var keyIDs: [UInt32] { keys.keys.sorted() }

    public var description: String { "Keyring(current: \(currentID), keys: \(keyIDs))" }

    /// Wraps `plaintext` (a data key, the pepper) under the current KEK for `context`.
    public func wrap(_ plaintext: [UInt8], context: String) throws(KeywardError) -> [UInt8] {
        try SealedBlob.seal(plaintext, key: keys[currentID]!, keyID: currentID, context: context)
    }

    /// Unwraps a value wrapped by any KEK still in the ring.
    public func unwrap(_ blob: [UInt8], context: String) throws(KeywardError) -> [UInt8] {
        let id = try SealedBlob.keyID(of: blob)
        guard let key = keys[id] else {
            throw KeywardError(.decryptionFailed, "\(context) is wrapped by key-encryption key \(id), which this keyring no longer holds")
        }
        return try SealedBlob.open(blob, key: key, context: context)
    }

    /// Adds a new KEK and makes it current; returns its id.
    @discardableResult
    public mutating func addKey() -> UInt32 {
        let id = (keys.keys.max() ?? 0) + 1
        keys[id] = SymmetricKey(size: .bits256)
        currentID = id
        return id
    }

    /// Removes every KEK but the current one.
    public mutating func destroyOldKeys() {
        keys = keys.filter { $0.key == currentID }
    }

    /// The keyring sealed under `masterKey`, for storage.
    public func sealed(under masterKey: MasterKey) throws(KeywardError) -> [UInt8] {
        let stored = StoredKeyring(
            current: currentID,
            keys: keys.keys.sorted().map { id in
                StoredKeyring.Entry(id: id, key: keys[id]!.withUnsafeBytes { Data($0).base64EncodedString() })
            }
        )
        let encoded: Data
        do { encoded = try JSONEncoder().encode(stored) } catch {
            throw KeywardError(.internalError, "the keyring could not be encoded")
        }
        return try SealedBlob.seal(encoded, key: masterKey.key, keyID: 0, context: Keyring.context)
    }

    /// Opens a stored keyring; a wrong master key is a clear error.
    public static func open(_ blob: [UInt8], masterKey: MasterKey) throws(KeywardError) -> Keyring {
        let plaintext: [UInt8]
        do {
            plaintext = try SealedBlob.open(blob, key: masterKey.key, context: context)
        } catch {
            throw KeywardError(
                .masterKey,
                "the master key does not open this store's keyring: it is the wrong master key, or the keyring was changed"
            )
        }
        guard let stored = try? JSONDecoder().decode(StoredKeyring.self, from: Data(plaintext)) else {
            throw KeywardError(.decryptionFailed, "the keyring opened but its contents are not a keyring")
        }
        var keys: [UInt32: SymmetricKey] = [:]
        for entry in stored.keys {
            guard let bytes = Data(base64Encoded: entry.key), bytes.count == 32 else {
                throw KeywardError(.decryptionFailed, "key-encryption key \(entry.id) of the keyring is damaged")
            }
            keys[entry.id] = SymmetricKey(data: bytes)
        }
        guard keys[stored.current] != nil else {
            throw KeywardError(.decryptionFailed, "the keyring's current key-encryption key \(stored.current) is missing")
        }
        return Keyring(keys: keys, currentID: stored.current)
    }
}

private struct StoredKeyring: Codable {
    struct Entry: Codable {
        var id: UInt32
        var key: String
    }
    var current: UInt32
    var keys: [Entry]
}
