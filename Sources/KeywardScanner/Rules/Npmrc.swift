/// npm's `.npmrc` (and the same lines written by CI scripts and Dockerfiles):
/// `_authToken=TOKEN` (often after `//registry/:`), `_auth=base64(user:password)`
/// and `_password=base64(password)`. Tokens of other registries (Artifactory,
/// GitHub Packages, legacy npm UUIDs) have no prefix, so the field name is the
/// evidence; `_auth` and `_password` are decoded and confirmed before reporting.
extension RuleCatalog {
    static let npmrc: [Rule] = [
        Rule(
            id: "npmrc-auth", description: "Registry credential in an .npmrc (_authToken, _auth, _password)",
            keywords: ["_auth", "_password"], matcher: .custom { bytes, start, _ in NpmrcField.match(bytes, at: start) }, confidence: .medium
        ) {
            let uuid = [8, 4, 4, 4, 12].map { SampleText.random(.hexLower, count: $0) }.joined(separator: "-")
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "//registry.npmjs.org/:_authToken=\(uuid)", "//npm.pkg.example.org/:_auth = \(Base64URL.encodeStandard("ci:\(password)"))",
                    "//artifactory.example.org/api/npm/:_password=\"\(Base64URL.encodeStandard(password))\"",
                    "RUN echo \"//registry.npmjs.org/:_authToken=\(SampleText.random(.base62, count: 36))\" > .npmrc",
                ],
                negatives: [
                    "//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "_auth=\(Base64URL.encodeStandard("user:password"))",
                    "_password=\(SampleText.random(.base62, count: 7))!!", "always-auth=true", "const _authHeader = build()",
                    "re.compile(r'\\/\\/.+\\/:_authToken=\\s*((npm_.+)|([A-Fa-f0-9-]{36})).*')",
                ])
        }
    ]
}

enum NpmrcField {
    static func match(_ bytes: ScanBytes, at start: Int) -> RuleMatch? {
        if start > 0 {
            let before = bytes[start - 1]
            guard before == UInt8(ascii: ":") || before == 0x20 || before == 0x09 || before == 0x0A || before == UInt8(ascii: "\"") else {
                return nil
            }
        }
        var nameEnd = start + 1
        while nameEnd < bytes.count, nameEnd - start < 16, ByteSet.upper.union(.lower).contains(bytes[nameEnd]) { nameEnd += 1 }
        let name = ConfigValue.text(bytes, start..<nameEnd).lowercased()
        guard ["_auth", "_authtoken", "_password"].contains(name) else { return nil }
        var index = nameEnd
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        let stop = ByteSet(" \t\r\n\"'")
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") { index += 1 }
        var end = index
        while end < bytes.count, end - index < 1024, !stop.contains(bytes[end]) { end += 1 }
        let value = ConfigValue.text(bytes, index..<end)
        switch name {
        case "_authtoken":
            guard ConfigValue.isPlausibleToken(value) else { return nil }
        case "_auth":
            guard let decoded = ConfigValue.decodeBase64(value.utf8), ConfigValue.isPrintable(decoded),
                let colon = decoded.firstIndex(of: UInt8(ascii: ":")), colon > 0,
                ConfigValue.isPlausiblePassword(String(decoding: decoded[(colon + 1)...], as: UTF8.self))
            else { return nil }
        default:
            guard let decoded = ConfigValue.decodeBase64(value.utf8), ConfigValue.isPrintable(decoded),
                ConfigValue.isPlausiblePassword(String(decoding: decoded, as: UTF8.self))
            else { return nil }
        }
        return RuleMatch(range: index..<end, verdict: .plausible)
    }
}
