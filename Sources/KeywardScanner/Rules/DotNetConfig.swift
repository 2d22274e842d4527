/// .NET XML configuration (`web.config`, `app.config`, `Web.Release.config`):
/// `<appSettings>` entries `<add key="ApiKey" value="…" />`, where the name sits in
/// one attribute and the secret in another, so no assignment rule sees them.
extension RuleCatalog {
    static let dotNetConfig: [Rule] = [
        Rule(
            id: "dotnet-app-setting", description: "Secret in a .NET config <appSettings> entry (web.config, app.config)",
            files: FileNamePattern(names: ["web.config", "app.config"], suffixes: [".config"]), scan: DotNetAppSettings.secrets
        ) {
            let password = SampleText.password()
            return RuleSamples(
                positives: [
                    "<appSettings>\n  <add key=\"StripeSecretKey\" value=\"\(SampleText.random(.base62, count: 32))\" />\n</appSettings>",
                    "<add value=\"\(password)\" key=\"SmtpPassword\"/>",
                ],
                negatives: [
                    "<add key=\"webpages:Version\" value=\"3.0.0.0\" />", "<add key=\"ApiKey\" value=\"\" />",
                    "<add key=\"ApiKeyHeader\" value=\"X-Api-Key\" />", "<add key=\"Password\" value=\"changeme\" />",
                ], path: "src/Web/Web.config")
        }
    ]
}

enum DotNetAppSettings {
    static func secrets(_ bytes: ScanBytes) -> [RuleMatch] {
        var matches: [RuleMatch] = []
        var index = 0
        while index + 4 < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "<"), ConfigValue.hasWord(bytes, at: index + 1, "add ") else { continue }
            var end = index + 5
            while end < bytes.count, end - index < 2048, bytes[end] != UInt8(ascii: ">") { end += 1 }
            guard end < bytes.count, let key = attribute("key", in: bytes, index..<end), let value = attribute("value", in: bytes, index..<end)
            else { continue }
            let words = ValueWords.split(ConfigValue.text(bytes, key), splitAfterDigits: true)
            guard let last = words.last, !GenericName.descriptiveEndings.contains(last),
                GenericName.isCredential(words) || words.contains(where: DotEnvFile.passwordWords.contains)
            else { continue }
            let text = ConfigValue.text(bytes, value)
            guard ConfigValue.isPlausiblePassword(text), !SecretValue.isStructuredNonSecret(text) else { continue }
            matches.append(RuleMatch(range: value, verdict: .plausible))
            index = end
        }
        return matches
    }

    /// The value of ` name="…"` inside the tag `range`.
    static func attribute(_ name: String, in bytes: ScanBytes, _ range: Range<Int>) -> Range<Int>? {
        var index = range.lowerBound
        while index < range.upperBound {
            defer { index += 1 }
            guard bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A, ConfigValue.hasWord(bytes, at: index + 1, name + "=\"") else {
                continue
            }
            let start = index + 1 + name.utf8.count + 2
            guard let close = bytes[start..<range.upperBound].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return start..<close
        }
        return nil
    }
}
