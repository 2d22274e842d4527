import Crypto
import KeywardCore
import Testing

@testable import KeywardVault

@Suite("Sealing vault values")
struct SecretSealerTests {
    static let path = try! SecretPath(parsing: "payments/stripe/live")

    @Test("a value seals and opens again, binary-safe, up to 64 KiB; each version gets its own data key")
    func roundTrip() throws {
        let keyring = Keyring.generate()
        for value in [
            [], [0, 255, 10, 13, 0], Array("sk_live_value".utf8), (0..<SecretSealer.maximumValueBytes).map { UInt8(truncatingIfNeeded: $0) },
        ] {
            let sealed = try SecretSealer.seal(value, path: Self.path, version: 1, keyring: keyring)
            #expect(try SecretSealer.open(sealed, path: Self.path, version: 1, keyring: keyring) == value)
        }
        let value = Array("same value".utf8)
        let first = try SecretSealer.seal(value, path: Self.path, version: 1, keyring: keyring)
        let second = try SecretSealer.seal(value, path: Self.path, version: 1, keyring: keyring)
        #expect(first.wrappedDataKey != second.wrappedDataKey)
        #expect(first.ciphertext != second.ciphertext)
        #expect(try first.keyEncryptionKeyID() == keyring.currentID)
        #expect(throws: KeywardError.self) {
            try SecretSealer.seal(Array(repeating: 1, count: SecretSealer.maximumValueBytes + 1), path: Self.path, version: 1, keyring: keyring)
        }
    }

    @Test("every changed byte of either blob fails with DECRYPTION_FAILED naming path and version, never the value")
    func tampering() throws {
        let keyring = Keyring.generate()
        let value = Array("the-secret-value-42".utf8)
        let sealed = try SecretSealer.seal(value, path: Self.path, version: 3, keyring: keyring)
        for index in sealed.ciphertext.indices {
            var changed = sealed
            changed.ciphertext[index] ^= 0x01
            Self.expectRefusal(changed, path: Self.path, version: 3, keyring: keyring, value: value)
        }
        for index in sealed.wrappedDataKey.indices {
            var changed = sealed
            changed.wrappedDataKey[index] ^= 0x80
            Self.expectRefusal(changed, path: Self.path, version: 3, keyring: keyring, value: value)
        }
        var truncated = sealed
        truncated.ciphertext.removeLast()
        Self.expectRefusal(truncated, path: Self.path, version: 3, keyring: keyring, value: value)
    }

    @Test("a sealed value moved to another path or version, or opened with another keyring, does not open")
    func moved() throws {
        let keyring = Keyring.generate()
        let value = Array("q9-unlikely-Z7".utf8)
        let sealed = try SecretSealer.seal(value, path: Self.path, version: 2, keyring: keyring)
        Self.expectRefusal(sealed, path: try SecretPath(parsing: "payments/stripe/test"), version: 2, keyring: keyring, value: value)
        Self.expectRefusal(sealed, path: Self.path, version: 1, keyring: keyring, value: value)
        Self.expectRefusal(sealed, path: Self.path, version: 2, keyring: Keyring.generate(), value: value)
        // The data key of another secret does not open this one.
        let other = try SecretSealer.seal(value, path: Self.path, version: 2, keyring: keyring)
        Self.expectRefusal(
            SealedSecret(ciphertext: sealed.ciphertext, wrappedDataKey: other.wrappedDataKey), path: Self.path, version: 2, keyring: keyring,
            value: value)
    }

    @Test("a keyring rotation rewraps the data key under the new KEK; the old KEK destroyed, the value still opens")
    func rewrap() throws {
        var keyring = Keyring.generate()
        let value = Array("rotate me".utf8)
        let sealed = try SecretSealer.seal(value, path: Self.path, version: 1, keyring: keyring)
        let oldID = keyring.currentID
        let newID = keyring.addKey()
        let rewrapped = try SecretSealer.rewrap(sealed, path: Self.path, version: 1, keyring: keyring)
        #expect(try rewrapped.keyEncryptionKeyID() == newID)
        #expect(rewrapped.ciphertext == sealed.ciphertext)
        keyring.destroyOldKeys()
        #expect(!keyring.keyIDs.contains(oldID))
        #expect(try SecretSealer.open(rewrapped, path: Self.path, version: 1, keyring: keyring) == value)
        Self.expectRefusal(sealed, path: Self.path, version: 1, keyring: keyring, value: value)
    }

    static func expectRefusal(_ sealed: SealedSecret, path: SecretPath, version: Int, keyring: Keyring, value: [UInt8]) {
        do {
            _ = try SecretSealer.open(sealed, path: path, version: version, keyring: keyring)
            Issue.record("a changed or moved secret opened")
        } catch {
            #expect(error.code == .decryptionFailed)
            #expect(error.message.contains(path.rawValue), "\(error.message)")
            #expect(error.message.contains("\(version)"), "\(error.message)")
            #expect(!error.description.contains(String(decoding: value, as: UTF8.self)))
        }
    }
}
