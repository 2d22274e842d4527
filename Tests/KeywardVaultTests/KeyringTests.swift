import KeywardCore
import KeywardVault
import Testing

@Suite("Keyring of key-encryption keys")
struct KeyringTests {
    static let secret = Array("pepper-bytes-0123456789abcdefXYZ".utf8)

    @Test("wrap and unwrap for a context")
    func wrapUnwrap() throws {
        let keyring = Keyring.generate()
        #expect(keyring.currentID == 1)
        #expect(keyring.keyIDs == [1])
        let wrapped = try keyring.wrap(Self.secret, context: "keyward:pepper")
        #expect(try SealedBlob.keyID(of: wrapped) == 1)
        #expect(try keyring.unwrap(wrapped, context: "keyward:pepper") == Self.secret)
        #expect(throws: KeywardError.self) { try keyring.unwrap(wrapped, context: "keyward:audit") }
    }

    @Test("another keyring cannot unwrap")
    func otherKeyring() throws {
        let wrapped = try Keyring.generate().wrap(Self.secret, context: "c")
        do {
            _ = try Keyring.generate().unwrap(wrapped, context: "c")
            Issue.record("another keyring unwrapped")
        } catch {
            #expect(error.code == .decryptionFailed)
        }
    }

    @Test("addKey makes a new current KEK; old blobs open until destroyOldKeys")
    func rotation() throws {
        var keyring = Keyring.generate()
        let old = try keyring.wrap(Self.secret, context: "data:1")
        #expect(keyring.addKey() == 2)
        #expect(keyring.currentID == 2)
        #expect(keyring.keyIDs == [1, 2])
        let new = try keyring.wrap(Self.secret, context: "data:1")
        #expect(try SealedBlob.keyID(of: new) == 2)
        #expect(try keyring.unwrap(old, context: "data:1") == Self.secret)
        let rewrapped = try keyring.wrap(try keyring.unwrap(old, context: "data:1"), context: "data:1")
        keyring.destroyOldKeys()
        #expect(keyring.keyIDs == [2])
        #expect(keyring.currentID == 2)
        #expect(try keyring.unwrap(new, context: "data:1") == Self.secret)
        #expect(try keyring.unwrap(rewrapped, context: "data:1") == Self.secret)
        do {
            _ = try keyring.unwrap(old, context: "data:1")
            Issue.record("a blob of a destroyed KEK opened")
        } catch {
            #expect(error.code == .decryptionFailed)
            #expect(error.message.contains("key-encryption key 1"))
            #expect(error.message.contains("no longer holds"))
        }
    }

    @Test("sealed under a master key and reopened, with every KEK")
    func sealAndOpen() throws {
        let master = MasterKey.generate()
        var keyring = Keyring.generate()
        let old = try keyring.wrap(Self.secret, context: "c")
        keyring.addKey()
        let new = try keyring.wrap(Self.secret, context: "c")
        let stored = try keyring.sealed(under: master)
        #expect(!String(decoding: stored, as: UTF8.self).contains("\"key\""))
        let reopened = try Keyring.open(stored, masterKey: master)
        #expect(reopened.currentID == 2)
        #expect(reopened.keyIDs == [1, 2])
        #expect(try reopened.unwrap(old, context: "c") == Self.secret)
        #expect(try reopened.unwrap(new, context: "c") == Self.secret)
    }

    @Test("a wrong master key is a MASTER_KEY error with a clear message")
    func wrongMasterKey() throws {
        let stored = try Keyring.generate().sealed(under: MasterKey.generate())
        do {
            _ = try Keyring.open(stored, masterKey: MasterKey.generate())
            Issue.record("opened with the wrong master key")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("wrong master key"))
        }
    }

    @Test("a changed sealed keyring is refused", arguments: [0, 2, 6, 10, 30, -1])
    func tamperedKeyring(position: Int) throws {
        let master = MasterKey.generate()
        var stored = try Keyring.generate().sealed(under: master)
        let index = position >= 0 ? position : stored.count + position
        stored[index] ^= 0x01
        #expect(throws: KeywardError.self) { try Keyring.open(stored, masterKey: master) }
        #expect(throws: KeywardError.self) { try Keyring.open(Array(stored.prefix(20)), masterKey: master) }
    }

    @Test("description never shows key material")
    func description() throws {
        var keyring = Keyring.generate()
        keyring.addKey()
        #expect(keyring.description == "Keyring(current: 2, keys: [1, 2])")
        #expect("\(keyring)" == keyring.description)
    }
}
