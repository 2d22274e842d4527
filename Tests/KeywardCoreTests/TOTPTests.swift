import Foundation
import KeywardCore
import Testing

@Suite("TOTP (RFC 6238)")
struct TOTPTests {
    struct Vectors: Decodable {
        struct Vector: Decodable {
            var time: Double
            var step: Int64
            var code: String
        }
        var secretASCII: String
        var digits: Int
        var vectors: [Vector]
    }

    static func load() throws -> Vectors {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/rfc6238-sha1.json")
        return try JSONDecoder().decode(Vectors.self, from: Data(contentsOf: file))
    }

    @Test("the SHA-1 rows of RFC 6238 Appendix B")
    func knownAnswers() throws {
        let data = try Self.load()
        let secret = Array(data.secretASCII.utf8)
        #expect(data.vectors.count == 6)
        for vector in data.vectors {
            let date = Date(timeIntervalSince1970: vector.time)
            #expect(TOTP.step(at: date) == vector.step, "\(vector.time)")
            #expect(TOTP.code(secret: secret, step: vector.step, digits: data.digits) == vector.code, "\(vector.time)")
            // Six digits are the last six of the eight.
            #expect(TOTP.code(secret: secret, step: vector.step) == String(vector.code.suffix(6)))
        }
    }

    @Test("a code matches its own step and one step on either side; two steps off, it does not")
    func window() {
        let secret = Array("12345678901234567890".utf8)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let step = TOTP.step(at: now)
        for offset: Int64 in [-1, 0, 1] {
            #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step + offset), secret: secret, at: now) == step + offset)
        }
        for offset: Int64 in [-2, 2, 10] {
            #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step + offset), secret: secret, at: now) == nil)
        }
    }

    @Test("malformed codes match nothing", arguments: ["", "12345", "1234567", "12 456", "abcdef", "１２３４５６", "123456\n"])
    func malformed(code: String) {
        let secret = Array("12345678901234567890".utf8)
        #expect(TOTP.matchingStep(code, secret: secret, at: Date(timeIntervalSince1970: 59)) == nil)
    }

    @Test("base32 (RFC 4648 §10 vectors, unpadded) and the otpauth URI")
    func base32AndURI() {
        let vectors = ["": "", "f": "MY", "fo": "MZXQ", "foo": "MZXW6", "foob": "MZXW6YQ", "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI"]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.lowercased()) == Array(plain.utf8))
        }
        #expect(Base32.decode("MZ1") == nil, "1 is no base32 digit")
        let uri = TOTP.provisioningURI(secret: Array("12345678901234567890".utf8), account: "alice")
        // The RFC's test secret, in base32, is no credential.
        let base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  // keyward:allow
        #expect(Base32.encode(Array("12345678901234567890".utf8)) == base32)
        #expect(uri == "otpauth://totp/Keyward:alice?" + "secret=\(base32)&issuer=Keyward&algorithm=SHA1&digits=6&period=30")
    }
}

@Suite("Process starts")
struct ProcessStartTests {
    @Test("open descriptors are counted: with ten files open, at least thirteen")
    func countsDescriptors() throws {
        #if os(Linux)
            let files = (0..<10).map { _ in FileHandle(forReadingAtPath: "/dev/null") }
            defer { files.forEach { try? $0?.close() } }
            let counted = try #require(ProcessStart.openDescriptors())
            // Other tests open and close files beside this one: only a lower bound holds.
            #expect(counted >= 10 + 3, "stdin, stdout, stderr and the ten files")
        #endif
    }
}
