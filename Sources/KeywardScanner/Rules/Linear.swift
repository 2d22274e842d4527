/// Linear API keys.
extension RuleCatalog {
    static let linear: [Rule] = [
        Rule(id: "linear-api-key", description: "Linear API key", token: TokenShape(prefix: "lin_api_", body: .base62, length: 40...40))
    ]
}
