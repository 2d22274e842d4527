/// git's credential store (`~/.git-credentials`): one `https://user:token@host`
/// per line. Every password there is a live credential, so the value needs only
/// to be more than a placeholder.
extension RuleCatalog {
    static let gitCredentials: [Rule] = [
        Rule(
            id: "git-credentials", description: "Password in git's credential store (.git-credentials)",
            files: FileNamePattern(names: [".git-credentials", "git-credentials"]), scan: GitCredentialsFile.passwords
        ) {
            let token = SampleText.random(.base62, count: 20)
            return RuleSamples(
                positives: ["https://octo:\(token)@github.com", "https://ann:\(SampleText.password())@gitlab.example.org:8443\n"],
                negatives: ["https://octo@github.com", "https://user:password@github.com"], path: ".git-credentials")
        }
    ]
}

enum GitCredentialsFile {
    static func passwords(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        ConfigValue.forEachLine(bytes) { line in
            let line = ConfigValue.trim(bytes, line)
            var index = line.lowerBound
            // Past `scheme://`.
            while index + 2 < line.upperBound, !(bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
            guard index + 2 < line.upperBound, bytes[index + 2] == UInt8(ascii: "/") else { return }
            let userStart = index + 3
            var at = line.upperBound
            var scan = userStart
            while scan < line.upperBound, bytes[scan] != UInt8(ascii: "/") {
                if bytes[scan] == UInt8(ascii: "@") { at = scan }
                scan += 1
            }
            guard at < line.upperBound, let colon = bytes[userStart..<at].firstIndex(of: UInt8(ascii: ":")) else { return }
            let password = (colon + 1)..<at
            guard ConfigValue.isPlausiblePassword(ConfigValue.text(bytes, password)) else { return }
            matches.append(RuleMatch(range: password, verdict: .plausible))
        }
        return matches
    }
}
