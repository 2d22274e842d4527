/// New Relic user API keys and insert keys.
extension RuleCatalog {
    static let newRelic: [Rule] = [
        Rule(
            id: "newrelic-user-key", description: "New Relic user API key",
            token: TokenShape(prefix: "NRAK-", body: ByteSet.upper.union(.digits), length: 27...27)),
        Rule(
            id: "newrelic-insert-key", description: "New Relic insights insert key",
            token: TokenShape(prefix: "NRII-", body: ByteSet.base64URL, length: 32...32)),
    ]
}
