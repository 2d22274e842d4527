import Crypto
import KeywardCore
import KeywardVault
import Testing

@Suite("Sealed blobs: attacks fail with DECRYPTION_FAILED")
struct SealedBlobAttackTests {
    static let key = SymmetricKey(size: .bits256)
    static let plaintext = Array("TOPSECRET".utf8)
    static let context = "secret:payments/stripe/live:3"

    static func blob() throws -> [UInt8] {
        try SealedBlob.seal(plaintext, key: key, keyID: 1, context: context)
    }

    /// Opens `blob` expecting a DECRYPTION_FAILED error that does not leak the plaintext.
    static func expectFailure(
        _ blob: [UInt8], key: SymmetricKey = key, context: String = context, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let opened = try SealedBlob.open(blob, key: key, context: context)
            Issue.record("opened to \(opened.count) bytes", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .decryptionFailed, sourceLocation: sourceLocation)
            #expect(!error.description.contains("TOPSECRET"), sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test("every single-bit flip anywhere in the blob fails")
    func everyBitFlip() throws {
        let blob = try Self.blob()
        for index in blob.indices {
            for bit in 0..<8 {
                var changed = blob
                changed[index] ^= 1 << bit
                Self.expectFailure(changed)
            }
        }
    }

    @Test("truncation at every length fails")
    func everyTruncation() throws {
        let blob = try Self.blob()
        for length in 0..<blob.count {
            Self.expectFailure(Array(blob.prefix(length)))
        }
    }

    @Test("an appended byte fails")
    func appended() throws {
        Self.expectFailure(try Self.blob() + [0])
    }

    @Test("empty input fails")
    func empty() {
        Self.expectFailure([])
    }

    @Test(
        "a blob moved to another context fails",
        arguments: ["secret:payments/stripe/live:4", "secret:payments/stripe/test:3", "", "keyward:pepper", context + " "])
    func movedContext(other: String) throws {
        Self.expectFailure(try Self.blob(), context: other)
    }

    @Test("two blobs swapped between contexts fail")
    func swapped() throws {
        let first = try SealedBlob.seal(Self.plaintext, key: Self.key, keyID: 1, context: "secret:a:1")
        let second = try SealedBlob.seal(Array("TOPSECRET-2".utf8), key: Self.key, keyID: 1, context: "secret:b:1")
        Self.expectFailure(first, context: "secret:b:1")
        Self.expectFailure(second, context: "secret:a:1")
        #expect(try SealedBlob.open(first, key: Self.key, context: "secret:a:1") == Self.plaintext)
    }

    @Test("a changed nonce fails")
    func changedNonce() throws {
        var blob = try Self.blob()
        let other = try Self.blob()
        blob.replaceSubrange(7..<19, with: other[7..<19])
        Self.expectFailure(blob)
        var zeroed = try Self.blob()
        zeroed.replaceSubrange(7..<19, with: [UInt8](repeating: 0, count: 12))
        Self.expectFailure(zeroed)
    }

    @Test("a changed key id in the header fails, even with the right key")
    func changedKeyID() throws {
        var blob = try Self.blob()
        blob[6] = 2
        #expect(try SealedBlob.keyID(of: blob) == 2)
        Self.expectFailure(blob)
    }

    @Test("the wrong key fails")
    func wrongKey() throws {
        Self.expectFailure(try Self.blob(), key: SymmetricKey(size: .bits256))
    }

    @Test("a wrong version byte fails and says so", arguments: [UInt8(0), 2, 0xFF])
    func wrongVersion(version: UInt8) throws {
        var blob = try Self.blob()
        blob[2] = version
        Self.expectFailure(blob)
        #expect(throws: KeywardError.self) { try SealedBlob.keyID(of: blob) }
    }

    @Test("a wrong magic fails")
    func wrongMagic() throws {
        var blob = try Self.blob()
        blob[0] = UInt8(ascii: "X")
        Self.expectFailure(blob)
    }

    @Test("ciphertext and tag of another blob under the same header fail")
    func splicedBodies() throws {
        let first = try Self.blob()
        let second = try Self.blob()
        Self.expectFailure(Array(first[0..<19]) + Array(second[19...]))
        Self.expectFailure(Array(first[0..<(first.count - 16)]) + Array(second.suffix(16)))
    }

    @Test("the error names the context, not the value")
    func errorNamesContext() throws {
        let blob = try Self.blob()
        do {
            _ = try SealedBlob.open(blob, key: SymmetricKey(size: .bits256), context: Self.context)
            Issue.record("opened with the wrong key")
        } catch {
            #expect(error.message.contains(Self.context))
            #expect(!error.description.contains("TOPSECRET"))
        }
    }
}
