/// Keys that providers publish in their documentation (issue 18): copied into
/// READMEs, tutorials and tests, they are never anyone's credential. A candidate
/// finding of any rule is checked here (only candidates: the prefilter and the
/// rule have already matched, so this costs nothing per byte). The literals are
/// split so that no other scanner takes this file for a leak.
enum DocumentedExamples {
    /// Exact values, by provider.
    static let values: Set<String> = [
        // AWS: the IAM user guide's access key pairs.
        "AKIA" + "IOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY", "AKIA" + "I44QH8DHBEXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/" + "h3yCo8nvbEXAMPLEKEY",
        // Stripe: the API reference's test-mode keys, shown to every reader.
        "sk_" + "test_4eC39HqLyjWDarjtT1zdp7dc", "pk_" + "test_TYooMQauvdEDq54NiTphI7jx", "sk_" + "test_BQokikJOvBiI2HlWgH4olfQ2",
        "pk_" + "test_6pRNASCoBOKtIshFeQd4XMUh", "sk_" + "test_26PHem9AhJZvU623DfE1x4sd",
        // GitHub: the sample personal access token of "Creating a personal access token".
        "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a",
        // Google: the Maps JavaScript API documentation's key.
        "AIza" + "SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
        // Slack: the Web API documentation's bot token.
        "xoxb-" + "17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        // Mailgun: the API reference's private key.
        "key-" + "3ax6xnjp29jd6fds4gc373sgvjxteol0",
        // Azure: the storage emulator's (Azurite) published account key.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/" + "K1SZFPTOtr/KBHBeksoGMGw==",
    ]

    /// Endings that mark a documented value whatever comes before: the signature
    /// of jwt.io's sample token (HS256 with `your-256-bit-secret`), which test
    /// suites and benchmarks copy by the thousand.
    static let suffixes: [String] = ["SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_" + "adQssw5c"]

    /// Whether `secret` is a documented example: in the table, ending like one, or
    /// holding the upper-case marker `EXAMPLE` that AWS, Azure and others put in
    /// their samples (seven fixed letters are never chance in a random body).
    static func contains(_ secret: ScanBytes.SubSequence) -> Bool {
        let marker = Array("EXAMPLE".utf8)
        let bytes = Array(secret)
        if bytes.count >= marker.count {
            for start in 0...(bytes.count - marker.count)
            where bytes[start] == marker[0] && bytes[start..<(start + marker.count)].elementsEqual(marker) {
                return true
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return values.contains(text) || suffixes.contains { text.hasSuffix($0) }
    }
}
