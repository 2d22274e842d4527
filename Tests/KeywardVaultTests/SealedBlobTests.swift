import Crypto
import KeywardVault
import Testing

@Suite("Sealed blobs: round trips and layout")
struct SealedBlobTests {
    static let key = SymmetricKey(size: .bits256)

    @Test("seal and open round-trip", arguments: [0, 1, 16, 1_000, 65_536])
    func roundTrip(length: Int) throws {
        let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let blob = try SealedBlob.seal(plaintext, key: Self.key, keyID: 7, context: "secret:payments/stripe:1")
        #expect(blob.count == 7 + 12 + length + 16)
        #expect(try SealedBlob.open(blob, key: Self.key, context: "secret:payments/stripe:1") == plaintext)
    }

    @Test("the header holds the magic KW, version 1 and the big-endian key id")
    func header() throws {
        let blob = try SealedBlob.seal([1, 2, 3], key: Self.key, keyID: 0x0102_0304, context: "c")
        #expect(Array(blob[0..<7]) == [0x4B, 0x57, 1, 1, 2, 3, 4])
        #expect(try SealedBlob.keyID(of: blob) == 0x0102_0304)
        #expect(try SealedBlob.keyID(of: try SealedBlob.seal([], key: Self.key, keyID: 0, context: "c")) == 0)
        #expect(try SealedBlob.keyID(of: try SealedBlob.seal([], key: Self.key, keyID: .max, context: "c")) == .max)
    }

    @Test("the plaintext does not appear in the blob, and two seals differ")
    func ciphertextHidesPlaintext() throws {
        let plaintext = Array("TOPSECRETVALUE-TOPSECRETVALUE".utf8)
        let first = try SealedBlob.seal(plaintext, key: Self.key, keyID: 1, context: "c")
        let second = try SealedBlob.seal(plaintext, key: Self.key, keyID: 1, context: "c")
        #expect(first != second)
        #expect(Array(first[7..<19]) != Array(second[7..<19]))
        #expect(!first.indices.contains { index in first[index...].starts(with: plaintext.prefix(8)) })
    }
}
