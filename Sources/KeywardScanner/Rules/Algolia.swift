/// Algolia admin and write API keys (32 hex), assigned to an Algolia name.
extension RuleCatalog {
    static let algolia: [Rule] = [
        AssignmentRule.provider(
            id: "algolia-api-key", description: "Algolia API key", provider: "algolia", secretWords: ["admin", "key", "apikey", "secret"],
            set: .hexLower, lengths: 32...32)
    ]
}
