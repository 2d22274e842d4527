/// Mailgun: private API keys (`key-` + 32 hex) and their newer `…-…-…` form.
extension RuleCatalog {
    static let mailgun: [Rule] = [
        Rule(
            id: "mailgun-api-key", description: "Mailgun private API key",
            token: TokenShape(
                prefix: "key-", body: .hexLower, length: 32...32, stopAfter: .base62,
                validator: { token in SecretValue.isRepetitive(Array(token)) ? .reject : .plausible })),
        Rule(
            id: "mailgun-public-key", description: "Mailgun public validation key",
            token: TokenShape(prefix: "pubkey-", body: .hexLower, length: 32...32, stopAfter: .base62)),
    ]
}
