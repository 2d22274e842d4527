/// PuTTY private key files (`.ppk`, versions 2 and 3): a `PuTTY-User-Key-File-N:`
/// header, then `Private-Lines: N` and N lines of base64 (encrypted or not, as
/// the `private-key` rule treats PEM).
extension RuleCatalog {
    static let putty: [Rule] = [
        Rule(
            id: "putty-private-key", description: "PuTTY private key (.ppk)", keywords: ["-User-Key-File-"],
            matcher: .custom { bytes, start, length in
                // `PuTTY` is checked here: as the keyword's start it would fill the common `pu` byte pair.
                guard ConfigValue.hasWord(bytes, at: start - 5, "PuTTY") else { return nil }
                return PuTTYKey.match(bytes, at: start - 5, length: length + 5)
            }
        ) {
            let lines = (0..<4).map { _ in SampleText.random(.base62, count: 64) }.joined(separator: "\n")
            let file =
                "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ann@laptop\nPublic-Lines: 2\n"
                + SampleText.random(.base62, count: 64) + "\n" + SampleText.random(.base62, count: 20) + "\nPrivate-Lines: 4\n" + lines
                + "\nPrivate-MAC: " + SampleText.random(.hexLower, count: 64) + "\n"
            return RuleSamples(
                positives: [file],
                negatives: ["PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n", "See PuTTY-User-Key-File-2 in the manual."])
        }
    ]
}

enum PuTTYKey {
    static func match(_ bytes: ScanBytes, at start: Int, length: Int) -> RuleMatch? {
        guard start + length < bytes.count, ByteSet.digits.contains(bytes[start + length]) else { return nil }
        // `Private-Lines:` within the next few lines.
        var index = start + length
        let limit = min(bytes.count, start + 16384)
        var linesStart: Int?
        while index < limit {
            if bytes[index] == 0x0A, ConfigValue.hasWord(bytes, at: index + 1, "Private-Lines:") {
                linesStart = index + 1 + "Private-Lines:".utf8.count
                break
            }
            index += 1
        }
        guard var cursor = linesStart else { return nil }
        while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
        var count = 0
        while cursor < bytes.count, ByteSet.digits.contains(bytes[cursor]), count < 1000 {
            count = count * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
            cursor += 1
        }
        guard count > 0 else { return nil }
        var body = 0
        for _ in 0..<count {
            while cursor < bytes.count, bytes[cursor] == 0x0A || bytes[cursor] == 0x0D { cursor += 1 }
            let lineStart = cursor
            while cursor < bytes.count, ByteSet.base64.contains(bytes[cursor]) { cursor += 1 }
            guard cursor > lineStart else { return nil }
            body += cursor - lineStart
        }
        guard body >= 64 else { return nil }
        return RuleMatch(range: start..<cursor, verdict: .plausible)
    }
}
