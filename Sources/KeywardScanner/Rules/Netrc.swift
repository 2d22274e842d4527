/// `.netrc` (curl, git, ftp, Python's netrc): `machine HOST login USER password
/// SECRET`, tokens separated by any whitespace, on one line or many.
extension RuleCatalog {
    static let netrc: [Rule] = [
        Rule(
            id: "netrc-password", description: "Password in a .netrc file",
            files: FileNamePattern(names: [".netrc", "_netrc", "netrc"]), scan: NetrcFile.passwords
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "machine api.github.com login octo password \(password)",
                    "default\n  login anonymous\n  password \(password)\n",
                ],
                negatives: ["machine ftp.example.org login ann password changeme", "machine h login u password $NETRC_PASSWORD"],
                path: "home/.netrc")
        }
    ]
}

enum NetrcFile {
    static func passwords(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        var expectPassword = false
        var index = 0
        while index < bytes.count {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
            let start = index
            while index < bytes.count, index - start < 512, bytes[index] > 0x20, bytes[index] != 0x7F { index += 1 }
            guard index > start else {
                index += 1
                continue
            }
            if expectPassword {
                expectPassword = false
                if ConfigValue.isPlausiblePassword(ConfigValue.text(bytes, start..<index)) {
                    matches.append(RuleMatch(range: start..<index, verdict: .plausible))
                }
            } else {
                let word = ConfigValue.text(bytes, start..<index)
                expectPassword = word == "password" || word == "passwd"
            }
        }
        return matches
    }
}
