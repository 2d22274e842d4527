import Crypto

/// Computes `HMAC-SHA256(pepper, key)` (SPEC §2). The pepper lives only in memory,
/// unwrapped from the key hierarchy at start; a copy of the database alone
/// cannot test guessed keys.
public struct KeyHasher: @unchecked Sendable {
    private let keyed: HMAC<SHA256>

    /// `pepper` must be 32 bytes.
    public init(pepper: [UInt8]) throws(KeywardError) {
        guard pepper.count == 32 else {
            throw KeywardError(.masterKey, "the key-hash pepper must be 32 bytes")
        }
        self.keyed = HMAC<SHA256>(key: SymmetricKey(data: pepper))
    }

    public func hash(_ key: APIKey) -> KeyHash {
        hash(secret: key.secret)
    }

    /// The hash of raw key text (used for keys that were already parsed).
    public func hash(secret: String) -> KeyHash {
        var text = secret
        var mac = keyed
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return mac.finalize().withUnsafeBytes { KeyHash(verified: $0) }
    }
}

/// Equality of two byte strings in time that depends only on their lengths.
public func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
    return difference == 0
}
