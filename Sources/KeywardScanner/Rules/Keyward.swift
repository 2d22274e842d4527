import KeywardCore

/// Keyward keys and management tokens of any prefix (SPEC §1), confirmed by
/// their CRC-32 checksum; a key-shaped string with a wrong checksum is no finding.
extension RuleCatalog {
    static let keyward: [Rule] = [
        Rule(
            id: "keyward-key", description: "Keyward API key or management token", keywords: ["_"],
            matcher: .custom { bytes, separator, _ in KeywardKeyMatch.match(bytes, separator: separator) }
        ) {
            let key = APIKey.generate(prefix: .defaultKeyspace).secret
            var broken = Array(key.utf8)
            broken[broken.count - 1] = broken.last == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let custom = APIKey.generate(prefix: try! KeyPrefix(keyspacePrefix: "acme_live")).secret
            let token = APIKey.generate(prefix: .managementToken).secret
            return RuleSamples(
                positives: ["KEYWARD_KEY=\(key)", "curl -H 'Authorization: Bearer \(custom)'", "KEYWARD_TOKEN=\(token)"],
                negatives: ["KEYWARD_KEY=\(String(decoding: broken, as: UTF8.self))", "kw_" + SampleText.random(.base62, count: 20)])
        }
    ]
}

/// Cuts a Keyward key out around the `_` before its body.
enum KeywardKeyMatch {
    static func match(_ bytes: ScanBytes, separator: Int) -> RuleMatch? {
        let bodyEnd = separator + 1 + APIKey.bodyLength
        guard bodyEnd <= bytes.count else { return nil }
        for index in (separator + 1)..<bodyEnd where !ByteSet.base62.contains(bytes[index]) { return nil }
        if bodyEnd < bytes.count, ByteSet.word.contains(bytes[bodyEnd]) { return nil }
        // The prefix: the run of a-z, 0-9 and `_` before the separator; try its segment starts, longest first.
        let prefixSet = ByteSet.lower.union(.digits).union(ByteSet("_"))
        var runStart = separator
        while runStart > 0, separator - runStart < KeyPrefix.maximumLength, prefixSet.contains(bytes[runStart - 1]) { runStart -= 1 }
        var start = runStart
        while start < separator {
            let leftOK = start == 0 || !ByteSet.word.contains(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: "_")
            if leftOK, ByteSet.lower.contains(bytes[start]) {
                let text = String(decoding: bytes[start..<bodyEnd], as: UTF8.self)
                if APIKey(parsing: text) != nil {
                    let random = bytes[(separator + 1)..<(bodyEnd - APIKey.checksumLength)]
                    return MadeUpText.looksMadeUp(random) ? nil : RuleMatch(range: start..<bodyEnd, verdict: .confirmed)
                }
            }
            while start < separator, bytes[start] != UInt8(ascii: "_") { start += 1 }
            start += 1
        }
        return nil
    }
}
