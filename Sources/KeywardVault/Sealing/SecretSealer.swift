import Crypto
import KeywardCore

/// One version of a vault secret as it is stored: the value sealed with
/// AES-256-GCM under its own random data key, and that data key wrapped by the
/// current key-encryption key (SPEC §8, decision 0003). Both blobs are
/// `SealedBlob`s bound to the secret's path and version, so a changed byte, a
/// blob moved to another path or version, or another keyring fails to open.
public struct SealedSecret: Sendable, Equatable {
    /// The value, sealed under the data key (`SealedBlob`, key id 0: a data key,
    /// named by this record rather than by the keyring).
    public var ciphertext: [UInt8]
    /// The data key, wrapped by the KEK whose id its header carries.
    public var wrappedDataKey: [UInt8]

    public init(ciphertext: [UInt8], wrappedDataKey: [UInt8]) {
        self.ciphertext = ciphertext
        self.wrappedDataKey = wrappedDataKey
    }

    /// The id of the KEK that wraps the data key (what a keyring rotation rewraps).
    public func keyEncryptionKeyID() throws(KeywardError) -> UInt32 {
        try SealedBlob.keyID(of: wrappedDataKey)
    }
}

/// Seals and opens vault values. No I/O: the caller stores the result.
public enum SecretSealer {
    /// The largest value, in bytes (SPEC §11: 64 KiB).
    public static var maximumValueBytes: Int { SecretLimits.maximumValueBytes }

    public static func seal(_ value: [UInt8], path: SecretPath, version: Int, keyring: Keyring) throws(KeywardError) -> SealedSecret {
        guard value.count <= maximumValueBytes else {
            throw KeywardError(.valueTooLarge, "a secret value is at most \(maximumValueBytes) bytes (64 KiB)", field: "value")
        }
        let dataKey = SymmetricKey(size: .bits256)
        let keyBytes = dataKey.withUnsafeBytes { Array($0) }
        let ciphertext = try SealedBlob.seal(value, key: dataKey, keyID: 0, context: valueContext(path, version))
        let wrapped = try keyring.wrap(keyBytes, context: dataKeyContext(path, version))
        return SealedSecret(ciphertext: ciphertext, wrappedDataKey: wrapped)
    }

    /// The value of `sealed`, which must have been sealed for this path and
    /// version; otherwise `DECRYPTION_FAILED` naming both, never the value.
    public static func open(_ sealed: SealedSecret, path: SecretPath, version: Int, keyring: Keyring) throws(KeywardError) -> [UInt8] {
        do throws(KeywardError) {
            let keyBytes = try keyring.unwrap(sealed.wrappedDataKey, context: dataKeyContext(path, version))
            guard keyBytes.count == 32 else { throw KeywardError(.decryptionFailed, "its data key is damaged") }
            return try SealedBlob.open(sealed.ciphertext, key: SymmetricKey(data: keyBytes), context: valueContext(path, version))
        } catch {
            // Every failure names the secret (SPEC §11), whichever layer found it.
            throw KeywardError(.decryptionFailed, "the secret \(path) version \(version) does not decrypt: \(error.message)")
        }
    }

    /// The data key of `sealed` wrapped again under the keyring's current KEK
    /// (keyring rotation); the value's ciphertext does not change.
    public static func rewrap(_ sealed: SealedSecret, path: SecretPath, version: Int, keyring: Keyring) throws(KeywardError) -> SealedSecret {
        let context = dataKeyContext(path, version)
        let keyBytes = try keyring.unwrap(sealed.wrappedDataKey, context: context)
        return SealedSecret(ciphertext: sealed.ciphertext, wrappedDataKey: try keyring.wrap(keyBytes, context: context))
    }

    static func valueContext(_ path: SecretPath, _ version: Int) -> String { "keyward:secret:\(path)#\(version)" }
    static func dataKeyContext(_ path: SecretPath, _ version: Int) -> String { "keyward:data-key:\(path)#\(version)" }
}

extension KeywardError.Code {
    /// A vault value over 64 KiB.
    public static let valueTooLarge = Self("VALUE_TOO_LARGE", .tooLarge)
}
