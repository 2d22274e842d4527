import Crypto
import Foundation
import KeywardCore

/// AES-256-GCM ciphertext that describes itself and is bound to its context.
///
/// Layout: `"KW"` magic, a format version byte (1), the 4-byte big-endian id of
/// the key that sealed it (0 for the master key), a 12-byte nonce, the
/// ciphertext, and the 16-byte tag. The associated data is the header followed
/// by the context string (`keyward:pepper`, a secret's path and version), so a
/// blob moved to another place, or sealed under another key id, fails to open.
public enum SealedBlob {
    static let magic: [UInt8] = [0x4B, 0x57]
    static let version: UInt8 = 1
    static let headerLength = 2 + 1 + 4
    static let nonceLength = 12
    static let tagLength = 16
    static let minimumLength = headerLength + nonceLength + tagLength

    /// Seals `plaintext` under `key` (whose id is `keyID`) for `context`.
    public static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, keyID: UInt32, context: String) throws(KeywardError) -> [UInt8] {
        let header = makeHeader(keyID: keyID)
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: header + Array(context.utf8))
            return header + Array(box.nonce) + Array(box.ciphertext) + Array(box.tag)
        } catch {
            throw KeywardError(.internalError, "sealing failed for \(context)")
        }
    }

    /// The id of the key that sealed `blob`, read from its header.
    public static func keyID(of blob: [UInt8]) throws(KeywardError) -> UInt32 {
        guard blob.count >= minimumLength, Array(blob[0..<2]) == magic else {
            throw KeywardError(.decryptionFailed, "the sealed value is truncated or is not a Keyward sealed value")
        }
        guard blob[2] == version else {
            throw KeywardError(.decryptionFailed, "the sealed value has unknown format version \(blob[2])")
        }
        return blob[3..<7].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    /// Opens `blob` sealed for `context`; any change to blob or context, or the
    /// wrong key, is a `DECRYPTION_FAILED` error naming the context.
    public static func open(_ blob: [UInt8], key: SymmetricKey, context: String) throws(KeywardError) -> [UInt8] {
        _ = try keyID(of: blob)
        let header = Array(blob[0..<headerLength])
        let nonceEnd = headerLength + nonceLength
        let tagStart = blob.count - tagLength
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: blob[headerLength..<nonceEnd]),
                ciphertext: blob[nonceEnd..<tagStart],
                tag: blob[tagStart...]
            )
            return Array(try AES.GCM.open(box, using: key, authenticating: header + Array(context.utf8)))
        } catch {
            throw KeywardError(
                .decryptionFailed,
                "\(context) failed to decrypt: it was changed, moved, or sealed under another key"
            )
        }
    }

    static func makeHeader(keyID: UInt32) -> [UInt8] {
        magic + [version, UInt8(keyID >> 24), UInt8((keyID >> 16) & 0xFF), UInt8((keyID >> 8) & 0xFF), UInt8(keyID & 0xFF)]
    }
}
