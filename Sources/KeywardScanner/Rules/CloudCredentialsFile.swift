/// INI credential files of cloud command-line tools: the AWS CLI's
/// `~/.aws/credentials` (and `config`), s3cmd's `~/.s3cfg`, and s3fs's
/// `~/.passwd-s3fs` (`ACCESS_KEY_ID:SECRET_ACCESS_KEY` per line).
extension RuleCatalog {
    static let cloudCredentialsFile: [Rule] = [
        Rule(
            id: "cloud-credentials-file", description: "Secret in an AWS CLI credentials file, .s3cfg or .passwd-s3fs",
            files: FileNamePattern(
                names: [".s3cfg", "s3cfg", ".passwd-s3fs", "passwd-s3fs"], inFolder: [".aws/credentials", ".aws/config", "aws/credentials"]),
            scan: CloudCredentialsFile.secrets
        ) {
            let secret = SampleText.random(.base62, count: 38) + "/+"
            return RuleSamples(
                positives: [
                    "[profile ci]\naws_session_token=\(SampleText.random(.base62, count: 120))\n", "[default]\nsecret_key = \(secret)\n",
                    "gpg_passphrase = \(SampleText.password())", "\(SampleText.random(.upper, count: 20)):\(secret)",
                ],
                negatives: [
                    "[default]\nregion = eu-west-1\noutput = json\n", "secret_key = ", "aws_secret_access_key = ${AWS_SECRET}",
                    "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY",
                ], path: "home/.aws/credentials")
        }
    ]
}

enum CloudCredentialsFile {
    static let secretFields: Set<String> = [
        "aws_secret_access_key", "aws_session_token", "aws_security_token", "secret_key", "access_token", "gpg_passphrase", "proxy_password",
    ]

    static func secrets(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        ConfigValue.forEachLine(bytes) { line in
            let line = ConfigValue.trim(bytes, line)
            guard !line.isEmpty, bytes[line.lowerBound] != UInt8(ascii: "#"), bytes[line.lowerBound] != UInt8(ascii: ";") else { return }
            if let equals = bytes[line].firstIndex(of: UInt8(ascii: "=")) {
                let name = ConfigValue.text(bytes, ConfigValue.trim(bytes, line.lowerBound..<equals)).lowercased()
                guard secretFields.contains(name) else { return }
                let value = ConfigValue.unquote(bytes, ConfigValue.trim(bytes, (equals + 1)..<line.upperBound))
                let text = ConfigValue.text(bytes, value)
                // Passphrases and proxy passwords are typed by people; keys and session tokens are base64.
                let plausible =
                    name.hasSuffix("password") || name.hasSuffix("passphrase")
                    ? ConfigValue.isPlausiblePassword(text) : ConfigValue.isPlausibleToken(text)
                if plausible { matches.append(RuleMatch(range: value, verdict: .plausible)) }
            } else if let colon = bytes[line].lastIndex(of: UInt8(ascii: ":")), colon > line.lowerBound {
                // s3fs: `[bucket:]ACCESS_KEY_ID:SECRET_ACCESS_KEY`.
                let value = (colon + 1)..<line.upperBound
                let text = ConfigValue.text(bytes, value)
                if text.utf8.count == 40, text.utf8.allSatisfy(ByteSet.base64.contains), ConfigValue.isPlausibleToken(text) {
                    matches.append(RuleMatch(range: value, verdict: .plausible))
                }
            }
        }
        return matches
    }
}
