/// CRC-32 as defined by IEEE 802.3 and computed by zlib's `crc32`
/// (reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF).
///
/// Used for the checksum of Keyward keys (SPEC §1) and of GitHub and npm tokens,
/// so a scanner and a verifier can reject a mistyped or made-up string without
/// touching storage.
public enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = (value & 1) == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The checksum of the UTF-8 bytes of `text`.
    public static func checksum(_ text: String) -> UInt32 {
        var text = text
        return text.withUTF8 { checksum($0) }
    }
}
