import KeywardCore
import Testing

@Suite("CRC-32 (IEEE 802.3, zlib)")
struct CRC32Tests {
    @Test("the standard check value of 123456789 is 0xCBF43926")
    func checkValue() {
        #expect(CRC32.checksum("123456789") == 0xCBF4_3926)
    }

    @Test("the empty input has checksum 0")
    func empty() {
        #expect(CRC32.checksum("") == 0)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    /// Computed with `python3 -c 'import zlib; print(hex(zlib.crc32(b"…")))'`.
    @Test(
        "zlib known answers",
        arguments: [
            ("a", UInt32(0xE8B7_BE43)),
            ("abc", 0x3524_41C2),
            ("hello world", 0x0D4A_1185),
            ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
            ("kw_", 0x2069_5E87),
            ("kw_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg", 0x2094_1E0D),
        ])
    func zlibKnownAnswers(text: String, expected: UInt32) {
        #expect(CRC32.checksum(text) == expected)
        #expect(CRC32.checksum(Array(text.utf8)) == expected)
    }

    @Test("the string and byte forms agree on non-ASCII text")
    func utf8Bytes() {
        let text = "schlüssel 🔑"
        #expect(CRC32.checksum(text) == CRC32.checksum(Array(text.utf8)))
    }
}
