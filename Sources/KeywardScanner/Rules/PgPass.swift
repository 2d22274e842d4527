/// PostgreSQL's password file (`~/.pgpass`, `%APPDATA%\postgresql\pgpass.conf`):
/// `hostname:port:database:username:password` per line, `#` comments, `\:` and
/// `\\` escapes.
extension RuleCatalog {
    static let pgpass: [Rule] = [
        Rule(
            id: "pgpass-password", description: "Password in a PostgreSQL .pgpass file",
            files: FileNamePattern(names: [".pgpass", "pgpass", "pgpass.conf"]), scan: PgPassFile.passwords
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: ["db.internal:5432:app:app_user:\(password)", "# local\n*:*:*:postgres:\(password)\n"],
                negatives: ["# host:port:db:user:password", "localhost:5432:app:app:changeme", "h:5432:db"], path: "home/.pgpass")
        }
    ]
}

enum PgPassFile {
    static func passwords(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        ConfigValue.forEachLine(bytes) { line in
            let line = ConfigValue.trim(bytes, line)
            guard !line.isEmpty, bytes[line.lowerBound] != UInt8(ascii: "#") else { return }
            var fields = 0
            var index = line.lowerBound
            while index < line.upperBound, fields < 4 {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if bytes[index] == UInt8(ascii: ":") { fields += 1 }
                index += 1
            }
            guard fields == 4, index < line.upperBound else { return }
            let password = index..<line.upperBound
            guard ConfigValue.isPlausiblePassword(ConfigValue.text(bytes, password)) else { return }
            matches.append(RuleMatch(range: password, verdict: .plausible))
        }
        return matches
    }
}
