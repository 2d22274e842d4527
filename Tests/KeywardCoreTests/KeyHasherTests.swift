import Crypto
import KeywardCore
import Testing

@Suite("Key hashing: HMAC-SHA256(pepper, key)")
struct KeyHasherTests {
    static let pepper = Array(UInt8(0)..<32)
    static let key = "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7"

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test("RFC 4231 test case 1 pins the primitive")
    func rfc4231Case1() {
        let code = HMAC<SHA256>.authenticationCode(for: Array("Hi There".utf8), using: SymmetricKey(data: [UInt8](repeating: 0x0B, count: 20)))
        #expect(Self.hex(code) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test("RFC 4231 test case 2 pins the primitive")
    func rfc4231Case2() {
        let code = HMAC<SHA256>.authenticationCode(for: Array("what do ya want for nothing?".utf8), using: SymmetricKey(data: Array("Jefe".utf8)))
        #expect(Self.hex(code) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("the hash is HMAC-SHA256 keyed with the pepper over the key text (Python hmac known answer)")
    func knownAnswer() throws {
        let hasher = try KeyHasher(pepper: Self.pepper)
        let hash = hasher.hash(try #require(APIKey(parsing: Self.key)))
        #expect(hash.hex == "5e3b550f9e0352424b2414f91fc08226cf9b96f3c67d3a48e3f081dd0e8fd6dc")
        #expect(hasher.hash(secret: Self.key) == hash)
        let direct = HMAC<SHA256>.authenticationCode(for: Array(Self.key.utf8), using: SymmetricKey(data: Self.pepper))
        #expect(hash.bytes == Array(direct))
    }

    @Test("it agrees with swift-crypto's HMAC for random keys and peppers")
    func agreesWithCrypto() throws {
        var generator = SeededGenerator(seed: 4231)
        for _ in 0..<200 {
            let pepper = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let key = APIKey.generate(prefix: .defaultKeyspace, using: &generator)
            let direct = HMAC<SHA256>.authenticationCode(for: Array(key.secret.utf8), using: SymmetricKey(data: pepper))
            #expect(try KeyHasher(pepper: pepper).hash(key).bytes == Array(direct))
        }
    }

    @Test("it agrees with swift-crypto's HMAC for texts of 0 to 200 bytes, across SHA-256's block boundaries")
    func agreesAcrossBlocks() throws {
        let hasher = try KeyHasher(pepper: Self.pepper)
        for length in 0...200 {
            let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x21 + $0 % 90))) })
            let direct = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: Self.pepper))
            #expect(hasher.hash(secret: text).bytes == Array(direct), "length \(length)")
        }
    }

    @Test("different peppers give different hashes; the same pepper the same hash")
    func peppers() throws {
        let key = try #require(APIKey(parsing: Self.key))
        let first = try KeyHasher(pepper: Self.pepper).hash(key)
        var other = Self.pepper
        other[31] ^= 1
        #expect(try KeyHasher(pepper: other).hash(key) != first)
        #expect(try KeyHasher(pepper: Self.pepper).hash(key) == first)
    }

    @Test("different keys give different hashes")
    func keys() throws {
        let hasher = try KeyHasher(pepper: Self.pepper)
        let hashes = Set((0..<1_000).map { _ in hasher.hash(APIKey.generate(prefix: .defaultKeyspace)) })
        #expect(hashes.count == 1_000)
    }

    @Test("a pepper that is not 32 bytes is refused", arguments: [0, 1, 16, 31, 33, 64])
    func wrongPepperLength(length: Int) {
        do {
            _ = try KeyHasher(pepper: [UInt8](repeating: 0xAB, count: length))
            Issue.record("accepted a \(length)-byte pepper")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("32 bytes"))
            #expect(!error.description.lowercased().contains("abab"))
        }
    }

    @Test("KeyHash holds exactly 32 bytes and shows only a short hex prefix")
    func keyHash() throws {
        #expect(KeyHash(bytes: [UInt8](repeating: 1, count: 31)) == nil)
        #expect(KeyHash(bytes: [UInt8](repeating: 1, count: 33)) == nil)
        let hash = try #require(KeyHash(bytes: Array(0..<32)))
        #expect(hash.hex == "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
        #expect(hash.description == "KeyHash(00010203…)")
    }

    @Test(
        "constantTimeEquals truth table",
        arguments: [
            ([UInt8](), [UInt8](), true),
            ([1], [1], true),
            ([1], [2], false),
            ([1], [1, 0], false),
            ([1, 0], [1], false),
            ([1, 2, 3], [1, 2, 3], true),
            ([1, 2, 3], [1, 2, 4], false),
            ([9, 2, 3], [1, 2, 3], false),
            ([], [0], false),
            ([0x80], [0x00], false),
        ])
    func constantTime(lhs: [UInt8], rhs: [UInt8], expected: Bool) {
        #expect(constantTimeEquals(lhs, rhs) == expected)
        #expect(constantTimeEquals(rhs, lhs) == expected)
    }

    @Test("constantTimeEquals on 32-byte hashes differing in any one bit is false")
    func constantTimeBits() {
        let base = Array(UInt8(0)..<32)
        for index in 0..<32 {
            for bit in 0..<8 {
                var other = base
                other[index] ^= 1 << bit
                #expect(!constantTimeEquals(base, other))
            }
        }
        #expect(constantTimeEquals(base, base))
    }
}
