/// HashiCorp Vault tokens. Vault 1.10 and later prefix them: service (`hvs.`),
/// batch (`hvb.`) and recovery (`hvr.`) tokens, whose body is base64url text (a
/// root-namespace service token has about 90 characters after its prefix, a batch
/// token well over 100; a namespaced token adds `.` and the namespace id, which is
/// not part of the secret). Older Vaults issue `s.` + 24 base62 characters (`b.`
/// for batch, `r.` for recovery), a shape any dotted identifier could take, so
/// those are found only in a Vault context: after `VAULT_TOKEN`, `X-Vault-Token`,
/// `client_token` or `root_token` on the same line, and as the whole
/// content of a `.vault-token` file (`ConfigFiles`).
extension RuleCatalog {
    static let hashiCorpVault: [Rule] = [
        Rule(
            id: "vault-service-token", description: "HashiCorp Vault service token",
            token: TokenShape(prefix: "hvs.", body: ByteSet.base62.union(ByteSet("_-")), length: 24...250)),
        Rule(
            id: "vault-batch-token", description: "HashiCorp Vault batch token",
            token: TokenShape(prefix: "hvb.", body: ByteSet.base62.union(ByteSet("_-")), length: 90...400)),
        Rule(
            id: "vault-recovery-token", description: "HashiCorp Vault recovery token",
            token: TokenShape(prefix: "hvr.", body: ByteSet.base62.union(ByteSet("_-")), length: 24...250)),
        Rule(
            id: "vault-legacy-token", description: "HashiCorp Vault token (legacy s./b./r. form, in a Vault context)",
            // `_token`/`-token`, with the Vault name checked before it: a keyword starting `vault` would put
            // entries in a common byte pair (`va` of `value`) and slow every scan.
            keywords: ["_token", "-token"],
            matcher: .custom { bytes, start, length in
                guard VaultLegacyToken.namesVault(bytes, before: start) else { return nil }
                return VaultLegacyToken.after(bytes, from: start + length)
            }, confidence: .medium
        ) {
            let token = "s." + SampleText.random(.base62, count: 22) + "a7"
            return RuleSamples(
                positives: [
                    "VAULT_TOKEN=\(token)", "curl -H \"X-Vault-Token: \(token)\" https://vault:8200/v1/secret/data/app",
                    "  \"client_token\": \"\(token)\",", "export VAULT_TOKEN=\"\(token).Ab1cD\"",
                ],
                negatives: [
                    "self.client = \(token)", "VAULT_TOKEN=s.\(SampleText.random(.base62, count: 30))", "VAULT_TOKEN=s.aaaaaaaaaaaaaaaaaaaaaaaa",
                    "vault_token_path = \"s.conf\"", "VAULT_TOKEN=${VAULT_TOKEN}",
                    "let vault = VaultClient(s.\(SampleText.random(.base62, count: 24)))",
                    "VAULT_TOKEN=s.configurationManagerName1",
                ])
        },
        Rule(
            id: "vault-token-file", description: "HashiCorp Vault token in a .vault-token file",
            files: FileNamePattern(names: [".vault-token"]),
            scan: { bytes in
                var start = 0
                while start < bytes.count, start < 16, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
                guard start < bytes.count, let match = VaultLegacyToken.token(bytes, at: start) else { return [] }
                return [match]
            }
        ) {
            RuleSamples(
                positives: ["s." + SampleText.random(.base62, count: 22) + "x5\n"], negatives: ["s.short\n", "# no token\n"],
                path: "home/.vault-token")
        },
    ]
}

/// Finds a legacy Vault token (`s.`, `b.` or `r.` and 24 base62 characters) on the
/// rest of the line after a Vault keyword.
enum VaultLegacyToken {
    /// Whether `_token`/`-token` at `start` ends `VAULT_TOKEN`, `X-Vault-Token`, `client_token` or `root_token`.
    static func namesVault(_ bytes: ScanBytes, before start: Int) -> Bool {
        ["vault", "client", "root"].contains { ConfigValue.hasWord(bytes, at: start - $0.utf8.count, $0) }
    }

    static func after(_ bytes: ScanBytes, from start: Int) -> RuleMatch? {
        var index = start
        let limit = min(bytes.count, start + 80)
        while index + 26 <= limit, bytes[index] != 0x0A {
            if let match = token(bytes, at: index) { return match }
            index += 1
        }
        return nil
    }

    /// The token that starts at `index`, if one does.
    static func token(_ bytes: ScanBytes, at index: Int) -> RuleMatch? {
        guard "sbr".utf8.contains(bytes[index]), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: ".") else { return nil }
        if index > 0, ByteSet.word.contains(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: ".") { return nil }
        var end = index + 2
        while end < bytes.count, end - index <= 27, ByteSet.base62.contains(bytes[end]) { end += 1 }
        guard end - index == 26 else { return nil }
        // A namespace id may follow after a dot (`s.xxx.Ab1cD`); any other word character may not.
        if end < bytes.count, ByteSet.word.contains(bytes[end]) || bytes[end] == UInt8(ascii: "-") { return nil }
        let body = Array(bytes[(index + 2)..<end])
        let classes = [ByteSet.lower, ByteSet.upper, ByteSet.digits].filter { set in body.contains(where: set.contains) }.count
        guard classes >= 2, !SecretValue.isRepetitive(body), !MadeUpText.isFiller(body[...]), Entropy.bits(body) >= 3.5,
            // Words without a digit are a name (`s.connectionPoolManagerName`); a random body nearly always holds a digit.
            body.contains(where: ByteSet.digits.contains) || !SecretValue.looksLikeIdentifier(String(decoding: body, as: UTF8.self))
        else { return nil }
        return RuleMatch(range: index..<end, verdict: .plausible)
    }
}
