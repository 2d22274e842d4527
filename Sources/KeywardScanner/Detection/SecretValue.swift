import KeywardCore

/// Tests that a value cut from an assignment looks like a credential: not a
/// placeholder, reference, hash, UUID, lockfile integrity string, path or
/// documented example, and random enough.
enum SecretValue {
    /// Documented examples, e.g. from AWS's documentation (`DocumentedExamples`).
    static var knownExamples: Set<String> { DocumentedExamples.values }

    /// `digestShapedIsSecret`: whether hex of a digest's length counts, which only a
    /// name that belongs to an account or an API earns (`client_secret`, `api_key`,
    /// `password`): crypto test vectors are full of hex under `secret` or `key`.
    static func isPlausible(_ value: String, quoted: Bool, minimumEntropy: Double = 3.0, digestShapedIsSecret: Bool = false) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 8, bytes.count <= 300 else { return false }
        if !digestShapedIsSecret, isDigestShaped(bytes) { return false }
        if knownExamples.contains(value) || value.hasSuffix("EXAMPLE") || value.hasSuffix("EXAMPLEKEY") { return false }
        if isReference(value) || isStructuredNonSecret(value) || belongsToChecksummedFormat(value) { return false }
        if bytes.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 < 0x20 || $0 >= 0x7F }) { return false }
        if StopWords.mark(value) { return false }
        if isRepetitive(bytes) { return false }
        let letters = bytes.filter { ByteSet.upper.contains($0) || ByteSet.lower.contains($0) }.count
        let digits = bytes.filter { ByteSet.digits.contains($0) }.count
        if !quoted {
            // An unquoted value in code is usually an expression; require a mixed, random-looking string.
            guard letters > 0, digits > 0 else { return false }
            if isDottedIdentifier(bytes) || looksLikeIdentifier(value) { return false }
            if bytes.contains(where: { "()[]{}<>\"'`".utf8.contains($0) }) { return false }
        }
        if letters == 0 { return false }
        // Words joined by separators without a digit: `max_results`, `pydantic-mypy`, `stateMachine:createdBy`.
        if digits == 0, bytes.allSatisfy({ ByteSet.upper.contains($0) || ByteSet.lower.contains($0) || "-_.:/ ".utf8.contains($0) }),
            bytes.count < 32 || bytes.filter({ "-_.:/ ".utf8.contains($0) }).count >= 2
        {
            return false
        }
        // Truncated or templated examples: `eyJ2Ij...`, `arn:aws:kms:<region>:…`.
        if value.contains("...") || value.contains("…") || value.hasPrefix("arn:") || value.hasPrefix("%")
            || (value.contains("<") && value.contains(">")) || (value.contains("{") && value.contains("}"))
        {
            return false
        }
        // Short hex: ids, colours, truncated digests.
        if bytes.count < 32, bytes.allSatisfy(ByteSet.hex.contains) { return false }
        if value.hasPrefix("#") || hasLongStopWord(bytes) || hasAlphabetRun(bytes) { return false }
        // Letters only and short or made of words: a name (`isReadOnly`, `declarationFragments`).
        if letters == bytes.count, bytes.count < 20 || looksLikeIdentifier(value) { return false }
        // Generated secrets mix character classes; one class only is a word or a phrase.
        let classes = [ByteSet.lower, ByteSet.upper, ByteSet.digits].filter { set in bytes.contains(where: set.contains) }.count
        let symbols = bytes.contains { !ByteSet.base62.contains($0) }
        if classes + (symbols ? 1 : 0) < 2 { return false }
        return Entropy.bits(bytes) >= minimumEntropy
    }

    /// Checksummed formats are the specific rules' to judge: with a wrong
    /// checksum they are not findings (SPEC §10), so the generic rule leaves them.
    static func belongsToChecksummedFormat(_ value: String) -> Bool {
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"] where value.hasPrefix(prefix) { return true }
        return KeyShape.occurs(in: Substring(value))
    }

    /// `${X}`, `$X`, `{{ x }}`, `%(x)s`, `<x>`, `process.env.X`, `os.environ[...]`, `ENV[...]`…
    static func isReference(_ value: String) -> Bool {
        let lower = value.lowercased()
        let starts = [
            "$", "{{", "%(", "%{", "<", "#{", "@", "env.", "env[", "process.env", "os.environ", "os.getenv", "getenv(", "secrets.", "vars.",
        ]
        if starts.contains(where: { lower.hasPrefix($0) }) { return true }
        if lower.contains("${") || lower.contains("{{") || lower.contains("process.env") || lower.contains("os.environ") { return true }
        if value.hasPrefix("*") && value.hasSuffix("*") { return true }
        return false
    }

    /// Bare hex of a digest's length (32, 40, 56, 64, 96 or 128 digits): a hash, or
    /// a test vector, unless the name says otherwise (see `isPlausible`).
    static func isDigestShaped(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy({ ByteSet.hex.contains($0) }) && [32, 40, 56, 64, 96, 128].contains(bytes.count)
    }

    /// UUIDs, digests named by their algorithm, lockfile integrity strings, paths,
    /// URLs, version strings.
    static func isStructuredNonSecret(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        if isUUID(bytes) { return true }
        // Keys made to be public: Stripe's publishable keys ship in every checkout page.
        if value.hasPrefix("pk_live_") || value.hasPrefix("pk_test_") { return true }
        // A digest behind its algorithm's name: `md5` + 32 hex (PostgreSQL), `sha1$…`.
        for algorithm in ["md5", "sha1", "sha256", "sha512"] where value.hasPrefix(algorithm) {
            let rest = bytes.dropFirst(algorithm.utf8.count).drop { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: ":") }
            if rest.allSatisfy({ ByteSet.hex.contains($0) }), [32, 40, 64, 128].contains(rest.count) { return true }
        }
        for algorithm in ["sha1-", "sha256-", "sha384-", "sha512-", "md5-", "sha1:", "sha256:", "sha512:", "md5:"]
        where value.lowercased().hasPrefix(algorithm) {
            return true
        }
        // Slash-separated lower-case names: `payments/stripe/live:3`, `config/app`.
        if value.contains("/"),
            value.split(separator: "/").allSatisfy({ segment in
                segment.utf8.allSatisfy { ByteSet.lower.contains($0) || ByteSet.digits.contains($0) || "-_.:".utf8.contains($0) }
            })
        {
            return true
        }
        if value.hasPrefix("/") || value.hasPrefix("./") || value.hasPrefix("../") || value.hasPrefix("~/") || value.contains("://") {
            return true
        }
        // Dotted identifiers and file names: `config.api.token`, `key.pem`, `fs.s3.retryCount`,
        // `StreamingDistributionList.NextMarker`: every segment a name. A generated secret with dots
        // (Azure client secrets: `JCOx1b.NnEfY.6Nd…`) has segments that are not.
        if value.contains("."), bytes.allSatisfy({ ByteSet.word.contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
            value.split(separator: ".").allSatisfy({ isNameSegment($0) })
        {
            return !value.contains(where: \.isNumber) || value.split(separator: ".").count > 2
        }
        return false
    }

    /// A segment of a dotted name: lower-case letters, digits, `_` and `-` (`s3`, `api_v2`), or letters
    /// forming words (`retryCount`, `NextMarker`, `Provider`).
    static func isNameSegment(_ segment: Substring) -> Bool {
        let bytes = Array(segment.utf8)
        if bytes.allSatisfy({ !ByteSet.upper.contains($0) }) { return true }
        guard bytes.allSatisfy({ ByteSet.upper.contains($0) || ByteSet.lower.contains($0) }) else { return false }
        if looksLikeIdentifier(String(segment)) { return true }
        // One capitalised word: `Marker`.
        return bytes.count >= 3 && ByteSet.upper.contains(bytes[0]) && bytes.dropFirst().allSatisfy(ByteSet.lower.contains)
    }

    /// Long stop words hidden among digits (`asdf34example`, `EXAMPLE22222`): a
    /// run of six or more letters is never chance in a random string.
    static let longStopWords: Set<String> = [
        "example", "examplekey", "sample", "placeholder", "changeme", "redacted", "password", "secret", "foobar", "qwerty",
        "letmein", "dummy", "testing", "yourkey", "mysecret",
    ]

    static func hasLongStopWord(_ bytes: [UInt8]) -> Bool {
        var run: [UInt8] = []
        for byte in bytes + [0] {
            if ByteSet.lower.contains(byte) || ByteSet.upper.contains(byte) {
                run.append(byte | 0x20)
                continue
            }
            if run.count >= 5 {
                let word = String(decoding: run, as: UTF8.self)
                if longStopWords.contains(word) { return true }
                // Seven letters or more cannot be chance: find them inside longer runs too (`AQoEXAMPLEH4`).
                if longStopWords.contains(where: { $0.utf8.count >= 7 && word.contains($0) }) { return true }
            }
            run.removeAll(keepingCapacity: true)
        }
        return false
    }

    /// Six characters in alphabet order (`123456`, `abcdef`): typed, not generated.
    static func hasAlphabetRun(_ bytes: [UInt8]) -> Bool {
        var run = 0
        for (previous, next) in zip(bytes, bytes.dropFirst()) {
            // Case-folded for letters: `defGHijkLMNo` is the alphabet in mixed case.
            let isLetterPair = ByteSet.upper.union(.lower).contains(previous) && ByteSet.upper.union(.lower).contains(next)
            let follows = isLetterPair ? (next | 0x20) == (previous | 0x20) &+ 1 : next == previous &+ 1
            run = follows ? run + 1 : 0
            if run >= 5 { return true }
        }
        return false
    }

    /// `previousX509PrivateKey`, `ed25519CertKey`, `declarationFragments`: an identifier
    /// made of words. Words are runs such as `Private` or `key` (an optional capital,
    /// then lower-case letters with a vowel); they must be at least two and cover at
    /// least half of the value, which random strings almost never do.
    static func looksLikeIdentifier(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.allSatisfy(ByteSet.word.contains) else { return false }
        let vowels = ByteSet("aeiouy")
        var wordCount = 0
        var covered = 0
        var index = 0
        while index < bytes.count {
            var end = index
            if ByteSet.upper.contains(bytes[end]) { end += 1 }
            let lowerStart = end
            while end < bytes.count, ByteSet.lower.contains(bytes[end]) { end += 1 }
            let startsWord = index == 0 || !ByteSet.lower.contains(bytes[index - 1]) || ByteSet.upper.contains(bytes[index])
            if startsWord, end - index >= 3, end > lowerStart, bytes[lowerStart..<end].contains(where: vowels.contains) {
                wordCount += 1
                covered += end - index
            }
            index = max(end, index + 1)
        }
        return wordCount >= 2 && covered * 2 >= bytes.count
    }

    /// `Self.leaf1Key`, `config.api2.token`: member accesses, not values.
    static func isDottedIdentifier(_ bytes: [UInt8]) -> Bool {
        guard bytes.contains(UInt8(ascii: ".")) else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { segment in
            guard let first = segment.first, !ByteSet.digits.contains(first) else { return false }
            return segment.allSatisfy(ByteSet.word.contains)
        }
    }

    static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !ByteSet.hex.contains(byte) {
                return false
            }
        }
        return true
    }

    /// Few distinct characters for the length: `aaaaaaaa`, `abcabcabc`. Capped at 10, so a
    /// long hex value (16 characters to draw from) is not taken for a repetition.
    static func isRepetitive(_ bytes: [UInt8]) -> Bool {
        Set(bytes).count <= max(3, min(bytes.count / 6, 10))
    }
}
