import KeywardCore
import Testing

@Suite("API key format (SPEC §1)")
struct APIKeyTests {
    /// Checksums computed independently with Python's `zlib.crc32` and a base62 encoder.
    static let knownKeys = [
        "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",
        "acme_live_3Fx9kQ2mZp7LrT4vWb8YcN1dHs6JgE5uKa0123456782Qbcsi",
        "kwm_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz3HQ9Mn",
    ]

    @Test("known keys parse, with their prefix", arguments: zip(knownKeys, ["kw", "acme_live", "kwm"]))
    func knownKeysParse(text: String, prefix: String) throws {
        let key = try #require(APIKey(parsing: text))
        #expect(key.secret == text)
        #expect(key.prefix == prefix)
    }

    @Test("the checksum is the base62 CRC-32 of prefix, _ and random, padded to 6")
    func checksumDefinition() {
        let head = "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
        #expect(CRC32.checksum(head) == 0x2094_1E0D)
        #expect(Base62.encode(UInt64(CRC32.checksum(head)), width: 6) == "0azNt7")
    }

    @Test("a known key with any other checksum is refused", arguments: ["0azNt8", "0azNt6", "azNt70", "000000", "0AZNT7", "0azNt"])
    func wrongChecksum(checksum: String) {
        #expect(APIKey(parsing: "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg" + checksum) == nil)
    }

    @Test("generated keys have the shape <prefix>_<43><6>", arguments: ["kw", "acme_live", "a1_b2_c3", "abcdefghijklmnop"])
    func generatedShape(prefixText: String) throws {
        let prefix = try KeyPrefix(keyspacePrefix: prefixText)
        let key = APIKey.generate(prefix: prefix)
        #expect(key.prefix == prefixText)
        #expect(key.secret.hasPrefix(prefixText + "_"))
        let body = key.secret.utf8.dropFirst(prefixText.utf8.count + 1)
        #expect(body.count == 49)
        #expect(body.allSatisfy(Base62.isDigit))
        let head = String(key.secret.utf8.dropLast(6))!
        #expect(String(key.secret.utf8.suffix(6))! == Base62.encode(UInt64(CRC32.checksum(head)), width: 6))
        #expect(APIKey(parsing: key.secret) == key)
        #expect(!key.isManagementToken)
    }

    @Test("two generated keys differ")
    func generatedKeysDiffer() throws {
        let keys = Set((0..<1_000).map { _ in APIKey.generate(prefix: .defaultKeyspace).secret })
        #expect(keys.count == 1_000)
    }

    @Test("start is the prefix, _ and the first 4 random characters")
    func start() throws {
        #expect(try #require(APIKey(parsing: Self.knownKeys[0])).start == "kw_0123")
        #expect(try #require(APIKey(parsing: Self.knownKeys[1])).start == "acme_live_3Fx9")
        #expect(try #require(APIKey(parsing: Self.knownKeys[2])).start == "kwm_zzzz")
    }

    @Test("description and interpolation never contain the secret")
    func descriptionHidesSecret() throws {
        for text in Self.knownKeys + [APIKey.generate(prefix: .defaultKeyspace).secret] {
            let key = try #require(APIKey(parsing: text))
            let body = String(text.utf8.suffix(49))!
            #expect(!key.description.contains(body))
            #expect(!"\(key)".contains(String(body.utf8.dropFirst(4))!))
            #expect(!String(describing: key).contains(text))
            #expect(key.description.contains(key.start))
        }
    }

    @Test("management tokens use the reserved prefix kwm")
    func managementTokens() throws {
        let token = APIKey.generate(prefix: .managementToken)
        #expect(token.isManagementToken)
        #expect(token.prefix == "kwm")
        #expect(token.secret.hasPrefix("kwm_"))
        #expect(try #require(APIKey(parsing: token.secret)).isManagementToken)
        #expect(try #require(APIKey(parsing: Self.knownKeys[2])).isManagementToken)
        #expect(try #require(APIKey(parsing: Self.knownKeys[0])).isManagementToken == false)
    }

    @Test(
        "malformed texts are refused",
        arguments: [
            "",
            "_",
            "kw_",
            "kw",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt",  // one short
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7a",  // one long
            "kw0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",  // no separator
            "KW_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",  // upper-case prefix
            "1kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",
            "k_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",  // one-letter prefix
            "_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",
            "kw__0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",
            " kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7 ",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7\n",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdéf0azNt7",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcde-g0azNt7",
            "kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt７",
            "ｋw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg0azNt7",
        ])
    func malformed(text: String) {
        #expect(APIKey(parsing: text) == nil)
    }

    @Test("a prefix longer than 32 characters is refused even with a right checksum")
    func longPrefix() {
        let prefix = "abcdefghijklmnop_abcdefghijklmnop"  // 33 characters, two valid segments
        let head = prefix + "_" + String(repeating: "A", count: 43)
        let text = head + Base62.encode(UInt64(CRC32.checksum(head)), width: 6)
        #expect(APIKey(parsing: text) == nil)
        let shorter = "abcdefghijklmnop_abcdefghijklmno"  // 32 characters
        let okHead = shorter + "_" + String(repeating: "A", count: 43)
        #expect(APIKey(parsing: okHead + Base62.encode(UInt64(CRC32.checksum(okHead)), width: 6)) != nil)
    }

    @Test("a right checksum does not rescue a bad prefix", arguments: ["KW", "k", "1kw", "kw_", "kw__x", "kw-live", "kw.live", "kwé"])
    func rightChecksumBadPrefix(prefix: String) {
        let head = prefix + "_" + String(repeating: "q", count: 43)
        #expect(APIKey(parsing: head + Base62.encode(UInt64(CRC32.checksum(head)), width: 6)) == nil)
    }

    @Test("very long input is refused without a crash")
    func veryLong() {
        #expect(APIKey(parsing: String(repeating: "a", count: 1_000_000)) == nil)
        #expect(APIKey(parsing: "kw_" + String(repeating: "a", count: 1_000_000)) == nil)
        #expect(APIKey(parsing: String(repeating: "🔑", count: 100_000)) == nil)
    }
}
