/// Ruby on Rails: the credentials master key (`config/master.key`,
/// `config/credentials/production.key`: 32 hex digits and nothing else) and
/// `secret_key_base` (128 hex digits from `rails secret`) in `secrets.yml` or an environment.
extension RuleCatalog {
    static let rails: [Rule] = [
        Rule(
            id: "rails-master-key", description: "Rails credentials master key (master.key)",
            files: FileNamePattern(names: ["master.key"], suffixesInFolder: [(folder: "credentials", suffix: ".key")]),
            scan: RailsFiles.masterKey
        ) {
            RuleSamples(
                positives: [SampleText.random(.hexLower, count: 32) + "\n", SampleText.random(.hexLower, count: 32)],
                negatives: [
                    SampleText.random(.hexLower, count: 31) + "\n", "-----BEGIN " + "PRIVATE KEY-----\n", "0123456789abcdef0123456789abcdef",
                ],
                path: "config/master.key")
        },
        Rule(
            id: "rails-secret-key-base", description: "Rails secret_key_base", keywords: ["_key"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words.suffix(3) == ["secret", "key", "base"] },
                acceptsValue: { value, _ in
                    value.utf8.count >= 64 && value.utf8.count <= 256 && value.utf8.allSatisfy(ByteSet.hex.contains)
                        && Entropy.bits(value.utf8) >= 3.0 && !MadeUpText.isFiller(value.utf8)
                }), confidence: .medium
        ) {
            let value = SampleText.random(.hexLower, count: 128)
            return RuleSamples(
                positives: ["production:\n  secret_key_base: \(value)", "SECRET_KEY_BASE=\(value)"],
                negatives: ["  secret_key_base: <%= ENV[\"SECRET_KEY_BASE\"] %>", "secret_key_base: \(SampleText.random(.hexLower, count: 30))"])
        },
    ]
}

enum RailsFiles {
    static func masterKey(_ bytes: ScanBytes) -> [RuleMatch] {
        let content = ConfigValue.trim(bytes, 0..<min(bytes.count, 64))
        var end = content.upperBound
        while end > content.lowerBound, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let key = content.lowerBound..<end
        guard bytes.count <= 64, key.count == 32, bytes[key].allSatisfy(ByteSet.hex.contains), !MadeUpText.isFiller(bytes[key]),
            Entropy.bits(bytes[key]) >= 3.0
        else { return [] }
        return [RuleMatch(range: key, verdict: .plausible)]
    }
}
