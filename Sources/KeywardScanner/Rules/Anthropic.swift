/// Anthropic API and admin keys.
extension RuleCatalog {
    static let anthropic: [Rule] = [
        Rule(
            id: "anthropic-api-key", description: "Anthropic API key",
            token: TokenShape(prefix: "sk-ant-api03-", body: .base64URL, length: 93...95)),
        Rule(
            id: "anthropic-admin-key", description: "Anthropic admin key",
            token: TokenShape(prefix: "sk-ant-admin01-", body: .base64URL, length: 93...95)),
    ]
}
