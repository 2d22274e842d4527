import Crypto

/// Computes `HMAC-SHA256(pepper, key)` (SPEC §2). The pepper lives only in memory,
/// unwrapped from the key hierarchy at start; a copy of the database alone
/// cannot test guessed keys.
///
/// HMAC as RFC 2104 defines it, on swift-crypto's SHA-256: the states after
/// the pepper's inner and outer pads are computed once, and a hash continues
/// copies of them. That is what `HMAC<SHA256>` does too, less its generic
/// layers, which cost more than the two SHA-256 blocks of a key on every
/// verification. Tests check it against `HMAC<SHA256>` (itself pinned by
/// RFC 4231 vectors) for texts of every length up to 200 bytes, and a known answer.
public struct KeyHasher: @unchecked Sendable {
    private let inner: SHA256
    private let outer: SHA256

    /// `pepper` must be 32 bytes.
    public init(pepper: [UInt8]) throws(KeywardError) {
        guard pepper.count == 32 else {
            throw KeywardError(.masterKey, "the key-hash pepper must be 32 bytes")
        }
        // A 32-byte key is shorter than SHA-256's 64-byte block: zero-padded, not hashed.
        let padded = pepper + [UInt8](repeating: 0, count: 32)
        var inner = SHA256()
        inner.update(data: padded.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(data: padded.map { $0 ^ 0x5C })
        self.inner = inner
        self.outer = outer
    }

    public func hash(_ key: APIKey) -> KeyHash {
        hash(secret: key.secret)
    }

    /// The hash of raw key text (used for keys that were already parsed).
    public func hash(secret: String) -> KeyHash {
        var text = secret
        var inner = self.inner
        text.withUTF8 { inner.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        var outer = self.outer
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize().withUnsafeBytes { KeyHash(verified: $0) }
    }
}

/// Equality of two byte strings in time that depends only on their lengths.
public func constantTimeEquals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for (left, right) in zip(lhs, rhs) { difference |= left ^ right }
    return difference == 0
}
