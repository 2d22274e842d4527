/// JSON configurations of SFTP/FTP deploy tools that keep the password beside
/// the host: VS Code's `sftp.json`, Sublime SFTP's `sftp-config.json`, Atom's
/// `.ftpconfig`, `.remote-sync.json`, `ftp.json`. Any `"password"`, `"pass"` or
/// `"passphrase"` there is a real password unless it is a placeholder.
extension RuleCatalog {
    static let ftpClientConfig: [Rule] = [
        Rule(
            id: "ftp-client-password", description: "Password in an SFTP/FTP client config (sftp.json, .ftpconfig)",
            files: FileNamePattern(names: ["sftp.json", "sftp-config.json", ".ftpconfig", ".remote-sync.json", "ftp.json", "ftpconfig.json"]),
            scan: FTPClientConfig.passwords
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "{\n  \"host\": \"ftp.example.org\",\n  \"username\": \"deploy\",\n  \"password\": \"\(password)\"\n}",
                    "{\"type\": \"sftp\", \"pass\": \"\(password)\"}",
                ],
                negatives: ["{\"password\": \"\"}", "{\"password\": \"changeme\"}", "{\"passwordPrompt\": true}"], path: ".vscode/sftp.json")
        }
    ]
}

enum FTPClientConfig {
    static func passwords(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "\"") else { continue }
            for field in ["\"password\"", "\"pass\"", "\"passphrase\""] where ConfigValue.hasWord(bytes, at: index, field) {
                var cursor = index + field.utf8.count
                while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { continue }
                cursor += 1
                while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { continue }
                let start = cursor + 1
                var end = start
                while end < bytes.count, end - start < 512, bytes[end] != UInt8(ascii: "\""), bytes[end] != 0x0A { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), ConfigValue.isPlausiblePassword(ConfigValue.text(bytes, start..<end))
                else { continue }
                matches.append(RuleMatch(range: start..<end, verdict: .plausible))
            }
        }
        return matches
    }
}
