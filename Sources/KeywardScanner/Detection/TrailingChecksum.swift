import KeywardCore

/// The checksum of GitHub and npm tokens: CRC-32 of the 30 random characters,
/// in base62 (`0-9A-Za-z`), left-padded with `0` to 6 characters, appended.
public enum TrailingChecksum {
    /// Checks the last 36 characters of `token` (30 random + 6 checksum).
    public static func verdict(_ token: ScanBytes) -> Verdict {
        guard token.count >= 36 else { return .reject }
        let random = token[(token.count - 36)..<(token.count - 6)]
        let expected = Base62.encode(UInt64(CRC32.checksum(random)), width: 6)
        guard expected.utf8.elementsEqual(token[(token.count - 6)...]) else { return .reject }
        return MadeUpText.looksMadeUp(random) ? .reject : .confirmed
    }

    /// `random` (30 characters) followed by its checksum: for samples and tests.
    public static func append(to random: String) -> String {
        random + Base62.encode(UInt64(CRC32.checksum(random)), width: 6)
    }
}
