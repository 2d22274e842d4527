import Crypto
import KeywardCore
import Testing

@testable import KeywardVault

/// The stored format of decision 0003 against blobs made outside Keyward:
/// Python's `cryptography` (AESGCM, an independent AES-GCM) sealed a keyring
/// under a fixed master key, a data key under its KEK and a value under the
/// data key, each with the documented header (`KW`, version 1, big-endian key
/// id), nonce, ciphertext and tag, and the header plus context as associated
/// data. Keyward must open all three to the known plaintext.
///
/// ```python
/// def seal(key, key_id, nonce, plaintext, context):
///     header = b"KW" + bytes([1]) + key_id.to_bytes(4, "big")
///     return header + nonce + AESGCM(key).encrypt(nonce, plaintext, header + context.encode())
/// master = bytes(range(32)); kek = bytes([0xA0 + (i % 16) for i in range(32)])
/// data_key = bytes([0x55 ^ i for i in range(32)])
/// keyring = seal(master, 0, bytes.fromhex("000102030405060708090a0b"),
///     json.dumps({"current": 1, "keys": [{"id": 1, "key": b64(kek)}]}, separators=(",", ":")).encode(), "keyward:keyring")
/// wrapped = seal(kek, 1, bytes.fromhex("101112131415161718191a1b"), data_key, "keyward:data-key:payments/stripe/live#3")
/// value = seal(data_key, 0, bytes.fromhex("202122232425262728292a2b"), b"sk_live_known_answer\x00\xff",
///     "keyward:secret:payments/stripe/live#3")
/// ```
@Suite("Sealed format: known answers from an independent implementation")
struct SealedFormatKnownAnswerTests {
    /// The master key is bytes 0 to 31 (made here, so no key text sits in the tree).
    static let masterBytes = (0..<32).map { UInt8($0) }
    static let keyring =
        "4b570100000000000102030405060708090a0b3c20b56eb797a775f963adba9dcb1308faa5a50eab007d155c45dfb4314b6bd7783294dec08a55f11b922c81f8f64d579f3811ff289d91af4da169717792ba85805da714a29a4b106d62d31a9dfe36d51af7941f5c16bab01824393d6082381cd079c11c"
    static let wrappedDataKey =
        "4b570100000001101112131415161718191a1bcc8b7c4e8fefa753ea19b76fdb57cc442452ba360ca5806897b88cb1aa684e08ed9bc0151ff70006aabad1cd7789eb43"
    static let value = "4b570100000000202122232425262728292a2b0af7eb712901ea255804dd7464a9c1cf2f8ce3287dabe198997e273f35971a5da7d53fe1f9c1"

    static func bytes(_ hex: String) throws -> [UInt8] { try #require(Hex.decode(hex)) }

    @Test("a keyring, a wrapped data key and a value sealed by Python's cryptography open to the known plaintext")
    func opensForeignBlobs() throws {
        let master = try MasterKey(bytes: Self.masterBytes)
        let keyring = try Keyring.open(try Self.bytes(Self.keyring), masterKey: master)
        #expect(keyring.keyIDs == [1])
        #expect(keyring.currentID == 1)
        let sealed = SealedSecret(ciphertext: try Self.bytes(Self.value), wrappedDataKey: try Self.bytes(Self.wrappedDataKey))
        #expect(try sealed.keyEncryptionKeyID() == 1)
        let path = try SecretPath(parsing: "payments/stripe/live")
        let opened = try SecretSealer.open(sealed, path: path, version: 3, keyring: keyring)
        #expect(opened == Array("sk_live_known_answer".utf8) + [0, 0xFF])
        // The same bytes bound to another version, or another path, do not open.
        #expect(throws: KeywardError.self) { _ = try SecretSealer.open(sealed, path: path, version: 2, keyring: keyring) }
        #expect(throws: KeywardError.self) {
            _ = try SecretSealer.open(sealed, path: try SecretPath(parsing: "payments/stripe/test"), version: 3, keyring: keyring)
        }
    }

    @Test("what Keyward seals has the documented layout: header, 12-byte nonce, ciphertext, 16-byte tag")
    func layout() throws {
        let key = SymmetricKey(data: [UInt8](repeating: 7, count: 32))
        let blob = try SealedBlob.seal([1, 2, 3], key: key, keyID: 0x0102_0304, context: "keyward:test")
        #expect(Array(blob[0..<7]) == [0x4B, 0x57, 1, 1, 2, 3, 4])
        #expect(blob.count == 7 + 12 + 3 + 16)
    }
}
