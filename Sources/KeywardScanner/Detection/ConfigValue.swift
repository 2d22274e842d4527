/// Helpers for the rules that read configuration files of a known format
/// (`.netrc`, `.pgpass`, Docker's `config.json`, …): walking lines, cutting
/// values, decoding base64, and a test for a value in a field that is known to
/// hold a password. There the name already says "credential", so the value needs
/// less randomness than the generic rule asks, but placeholders, references and
/// typed filler are still not findings.
enum ConfigValue {
    /// Calls `body` with each line's range (without `\n` or a trailing `\r`).
    static func forEachLine(_ bytes: ScanBytes, _ body: (Range<Int>) -> Void) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            body(start..<lineEnd)
            start = end + 1
        }
    }

    /// `range` without leading and trailing spaces and tabs.
    static func trim(_ bytes: ScanBytes, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// `range` without one pair of matching quotes around it.
    static func unquote(_ bytes: ScanBytes, _ range: Range<Int>) -> Range<Int> {
        guard range.count >= 2 else { return range }
        let first = bytes[range.lowerBound]
        guard first == UInt8(ascii: "\"") || first == UInt8(ascii: "'"), bytes[range.upperBound - 1] == first else { return range }
        return (range.lowerBound + 1)..<(range.upperBound - 1)
    }

    static func text(_ bytes: ScanBytes, _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether the bytes at `index` are `word`, compared case-insensitively.
    static func hasWord(_ bytes: ScanBytes, at index: Int, _ word: String) -> Bool {
        let word = Array(word.utf8)
        guard index >= 0, index + word.count <= bytes.count else { return false }
        for offset in 0..<word.count where KeywordIndex.lowercase[Int(bytes[index + offset])] != KeywordIndex.lowercase[Int(word[offset])] {
            return false
        }
        return true
    }

    /// Standard base64 (padding optional) decoded to bytes; nil when it is not
    /// base64 or longer than `limit` characters.
    static func decodeBase64<Bytes: Collection>(_ text: Bytes, limit: Int = 4096) -> [UInt8]? where Bytes.Element == UInt8 {
        guard text.count <= limit else { return nil }
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var padding = false
        for byte in text {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"), UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "/"), UInt8(ascii: "_"): value = 63
            case UInt8(ascii: "="):
                padding = true
                continue
            default: return nil
            }
            if padding { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return output
    }

    /// Printable ASCII (a decoded password or `user:password`), at least one byte.
    static func isPrintable(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// A value in a field known to hold a password: 6 to 512 characters, not a
    /// placeholder, reference, filler, number or checksummed token (whose own
    /// rule decides), with some variety.
    static func isPlausiblePassword(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard (6...512).contains(bytes.count), !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return false }
        if SecretValue.isReference(value) || isPlaceholder(value) || SecretValue.belongsToChecksummedFormat(value) { return false }
        if bytes.allSatisfy(ByteSet.digits.contains) || SecretValue.isRepetitive(bytes) { return false }
        if SecretValue.hasLongStopWord(bytes) || SecretValue.hasAlphabetRun(bytes) || MadeUpText.isFiller(bytes) { return false }
        if value.contains("...") || value.contains("…") || (value.hasPrefix("<") && value.hasSuffix(">")) { return false }
        if value.hasPrefix("{") && value.hasSuffix("}") { return false }
        // String interpolation and format directives: code that builds the line, not a value (`\(token)`, `%s`, `#{x}`).
        if value.contains("\\(") || value.hasPrefix("%") || value.contains("#{") { return false }
        return Entropy.bits(bytes) >= 2.3
    }

    /// A placeholder: a stop word as the whole value, or a value made only of words
    /// (`your-token-here`, `changeMe`) one of which is a stop word. Unlike the generic
    /// rule, a word inside a random value does not count: in a credential field
    /// `xQmy.7Kd…` is a token even though a piece of it reads `my`.
    static func isPlaceholder(_ value: String) -> Bool {
        if StopWords.words.contains(value.lowercased()) { return true }
        if value.allSatisfy(\.isLetter) { return StopWords.mark(value) }
        let parts = value.lowercased().split(whereSeparator: { "_-. :,@".contains($0) })
        guard parts.count >= 2, parts.allSatisfy({ $0.allSatisfy(\.isLetter) }) else { return false }
        return parts.contains { StopWords.words.contains(String($0)) }
    }

    /// A token in a field known to hold one: a plausible password of at least 8 token
    /// characters and 3 bits of entropy per character (UUIDs count: npm's legacy tokens are UUIDs).
    static func isPlausibleToken(_ value: String) -> Bool {
        value.utf8.count >= 8 && value.utf8.allSatisfy(tokenBytes.contains) && isPlausiblePassword(value) && Entropy.bits(value.utf8) >= 3.0
    }

    /// What tokens are written with (base64, base64url, JWTs, UUIDs, `npm_…`): no spaces, brackets,
    /// backslashes or `*`, which a regular expression or code in the same place would hold.
    static let tokenBytes = ByteSet.base64URL.union(ByteSet("+/=.~:"))
}
