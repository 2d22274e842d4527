/// `.env` files (dotenv, docker compose, direnv's `.envrc`) and shell profiles
/// (`.bashrc`, `.zshrc`, `.profile`, …): `NAME=value` and `export NAME=value`
/// lines, values quoted or not. In these files a credential-named variable holds
/// the credential itself, so a value that is not a placeholder, reference or
/// filler is a finding (medium) even when the generic rule would find it too random-poor.
extension RuleCatalog {
    static let dotEnv: [Rule] = [
        Rule(
            id: "env-file-secret", description: "Secret in a .env file or shell profile",
            files: FileNamePattern(
                names: [".env", ".envrc", ".bashrc", ".bash_profile", ".bash_login", ".profile", ".zshrc", ".zprofile", ".zshenv", ".kshrc"],
                prefixes: [".env."], suffixes: [".env"]),
            scan: DotEnvFile.secrets
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "DB_PASSWORD=\(password)", "export GITHUB_TOKEN=\"\(SampleText.random(.base62, count: 30))\"",
                    "MYSQL_ROOT_PASS='\(password)'", "  export API_KEY=\(SampleText.random(.base62, count: 24)) # prod",
                    "SMTP_PW=\(password)",
                ],
                negatives: [
                    "DB_PASSWORD=", "DB_PASSWORD=${VAULT_DB_PASSWORD}", "API_KEY=changeme", "DB_HOST=db.internal", "TOKEN_TTL=3600",
                    "# SECRET_KEY=\(password)", "export PATH=$HOME/bin:$PATH", "AUTH_URL=https://auth.example.org/token",
                ], path: "app/.env")
        }
    ]
}

enum DotEnvFile {
    /// Name words that say "password" in the short forms `.env` files use (`DB_PASS`, `SMTP_PW`).
    static let passwordWords: Set<String> = ["pass", "pw", "passwd", "pwd", "password"]

    static func secrets(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        ConfigValue.forEachLine(bytes) { line in
            var line = ConfigValue.trim(bytes, line)
            guard !line.isEmpty, bytes[line.lowerBound] != UInt8(ascii: "#") else { return }
            // `export NAME=…`; the space must lie inside the line (a bare `export` line was trimmed before it).
            if line.count > 7, ConfigValue.hasWord(bytes, at: line.lowerBound, "export ") {
                line = ConfigValue.trim(bytes, (line.lowerBound + 7)..<line.upperBound)
            }
            var nameEnd = line.lowerBound
            while nameEnd < line.upperBound, nameEnd - line.lowerBound < 128, ByteSet.word.union(ByteSet(".-")).contains(bytes[nameEnd]) {
                nameEnd += 1
            }
            guard nameEnd > line.lowerBound, nameEnd < line.upperBound, bytes[nameEnd] == UInt8(ascii: "=") else { return }
            let words = ValueWords.split(ConfigValue.text(bytes, line.lowerBound..<nameEnd), splitAfterDigits: true)
            guard let last = words.last, !GenericName.descriptiveEndings.contains(last),
                GenericName.isCredential(words) || words.contains(where: passwordWords.contains)
            else { return }
            guard let value = Self.value(bytes, from: nameEnd + 1, to: line.upperBound) else { return }
            let text = ConfigValue.text(bytes, value)
            guard ConfigValue.isPlausiblePassword(text), !SecretValue.isStructuredNonSecret(text), !text.contains(" ") else { return }
            matches.append(RuleMatch(range: value, verdict: .plausible))
        }
        return matches
    }

    /// The value after `=`: a quoted string, or up to a space or `#`.
    static func value(_ bytes: ScanBytes, from start: Int, to end: Int) -> Range<Int>? {
        guard start < end else { return nil }
        let first = bytes[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            guard let close = bytes[(start + 1)..<end].firstIndex(of: first) else { return nil }
            return (start + 1)..<close
        }
        var stop = start
        while stop < end, bytes[stop] != 0x20, bytes[stop] != 0x09, bytes[stop] != UInt8(ascii: "#") { stop += 1 }
        return start..<stop
    }
}
