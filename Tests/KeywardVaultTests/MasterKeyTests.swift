import Foundation
import KeywardCore
import KeywardVault
import Testing

@Suite("Master keys")
struct MasterKeyTests {
    static let bytes = Array(UInt8(100)..<132)
    static let base64 = Data(Array(UInt8(100)..<132)).base64EncodedString()

    @Test("32 raw bytes make a key; other lengths are refused", arguments: [0, 16, 31, 33, 64])
    func rawLength(length: Int) {
        do {
            _ = try MasterKey(bytes: [UInt8](repeating: 1, count: length))
            Issue.record("accepted \(length) bytes")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("32 bytes"))
        }
    }

    @Test("base64 text round-trips, white space around it ignored", arguments: ["", "\n", "  \n", "\r\n"])
    func base64RoundTrip(trailing: String) throws {
        let key = try MasterKey(base64: " " + Self.base64 + trailing, origin: "test")
        #expect(key.base64 == Self.base64)
        let generated = MasterKey.generate()
        #expect(try MasterKey(base64: generated.base64, origin: "test").base64 == generated.base64)
    }

    @Test("text that is not base64 is refused naming the origin, never the text", arguments: ["not base64!!", "%%%%", "kw_secretvalue_notbase64"])
    func notBase64(text: String) {
        do {
            _ = try MasterKey(base64: text, origin: "KEYWARD_MASTER_KEY")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("KEYWARD_MASTER_KEY"))
            #expect(error.message.contains("base64"))
            #expect(!error.description.contains(text))
        }
    }

    @Test("base64 of the wrong length is refused naming the origin and the length, never the key", arguments: [16, 31, 33, 48])
    func wrongLength(length: Int) {
        let text = Data((0..<length).map { UInt8(200 &+ UInt8($0)) }).base64EncodedString()
        do {
            _ = try MasterKey(base64: text, origin: "the master key file /x/keyward.key")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("/x/keyward.key"))
            #expect(error.message.contains("32 bytes"))
            #expect(error.message.contains("holds \(length)"))
            #expect(!error.description.contains(text))
        }
    }

    @Test("generated keys differ")
    func generatedDiffer() {
        #expect(MasterKey.generate().base64 != MasterKey.generate().base64)
        #expect(Data(base64Encoded: MasterKey.generate().base64)?.count == 32)
    }

    @Test("description never shows the key")
    func description() throws {
        let key = try MasterKey(bytes: Self.bytes)
        #expect(key.description == "MasterKey(redacted)")
        #expect(!"\(key)".contains(Self.base64))
        #expect(!String(reflecting: key).contains(Self.base64.prefix(12)))
    }
}
