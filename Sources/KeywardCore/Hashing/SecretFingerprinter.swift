import Crypto

/// The keyed hash kept beside every version of a vault secret:
/// `HMAC-SHA256(matchKey, value)` (SPEC §11, leaked vault values). A leak
/// report is compared with these, never by decrypting the values; without
/// the match key, which lives in the keyring, a copy of the database cannot
/// test guesses of a value.
public struct SecretFingerprinter: @unchecked Sendable {
    private let keyed: HMAC<SHA256>

    /// `key` must be 32 bytes.
    public init(key: [UInt8]) throws(KeywardError) {
        guard key.count == 32 else { throw KeywardError(.masterKey, "the secret match key must be 32 bytes") }
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    public func fingerprint(_ value: some Collection<UInt8>) -> [UInt8] {
        var mac = keyed
        mac.update(data: Array(value))
        return Array(mac.finalize())
    }
}
