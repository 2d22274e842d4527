/// Databricks personal access tokens: `dapi` + 32 hex.
extension RuleCatalog {
    static let databricks: [Rule] = [
        Rule(
            id: "databricks-token", description: "Databricks personal access token",
            token: TokenShape(prefix: "dapi", body: .hexLower, length: 32...32, stopAfter: .word))
    ]
}
