/// Atlassian (Jira, Confluence, Bitbucket) API tokens.
extension RuleCatalog {
    static let atlassian: [Rule] = [
        Rule(
            id: "atlassian-api-token", description: "Atlassian API token",
            token: TokenShape(prefix: "ATATT3", body: ByteSet.base64URL.union(ByteSet("=")), length: 180...200))
    ]
}
