/// Credentials written into a URL: `scheme://user:password@host`.
extension RuleCatalog {
    static let urlCredentials: [Rule] = [
        Rule(
            id: "url-credentials", description: "Password in a URL", keywords: ["://"],
            matcher: .custom { bytes, start, _ in URLPassword.match(bytes, separator: start) }, confidence: .medium
        ) {
            let password = SampleText.random(.base62, count: 14) + "7q"
            return RuleSamples(
                positives: ["DATABASE_URL=postgres://app:\(password)@db.internal:5432/app", "amqp://guest:\(password)@rabbit/"],
                negatives: [
                    "postgres://user:password@localhost/db", "https://user:${DB_PASSWORD}@host/", "http://example.com:8080/path",
                    "redis://:changeme@localhost:6379", "mysql://root:<password>@host/db",
                ])
        }
    ]
}

/// Finds the password of `scheme://user:password@host` around the `://` at `separator`.
enum URLPassword {
    static func match(_ bytes: ScanBytes, separator: Int) -> RuleMatch? {
        var schemeStart = separator
        while schemeStart > 0, separator - schemeStart < 20, ByteSet.lower.union(.upper).union(ByteSet("+.-")).contains(bytes[schemeStart - 1]) {
            schemeStart -= 1
        }
        guard separator - schemeStart >= 2 else { return nil }
        let userInfo = ByteSet.base62.union(ByteSet("-._~!$&'()*+,;=%"))
        var index = separator + 3
        let userStart = index
        while index < bytes.count, index - userStart < 128, userInfo.contains(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        let passwordStart = index + 1
        index = passwordStart
        while index < bytes.count, index - passwordStart < 128, userInfo.contains(bytes[index]) || bytes[index] == UInt8(ascii: ":") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "@"), index > passwordStart else { return nil }
        // A host must follow.
        guard index + 1 < bytes.count, ByteSet.base62.contains(bytes[index + 1]) || bytes[index + 1] == UInt8(ascii: "[") else { return nil }
        let password = String(decoding: bytes[passwordStart..<index], as: UTF8.self)
        guard password.utf8.count >= 6, !SecretValue.isReference(password), !StopWords.mark(password),
            !password.utf8.allSatisfy(ByteSet.digits.contains), !SecretValue.isRepetitive(Array(password.utf8)),
            Entropy.bits(password.utf8) >= 2.5
        else { return nil }
        return RuleMatch(range: passwordStart..<index, verdict: .plausible)
    }
}
