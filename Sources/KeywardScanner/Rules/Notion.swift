/// Notion integration tokens.
extension RuleCatalog {
    static let notion: [Rule] = [
        Rule(id: "notion-token", description: "Notion integration token", token: TokenShape(prefix: "ntn_", body: .base62, length: 46...46))
    ]
}
