/// Pulumi access tokens.
extension RuleCatalog {
    static let pulumi: [Rule] = [
        Rule(id: "pulumi-access-token", description: "Pulumi access token", token: TokenShape(prefix: "pul-", body: .hexLower, length: 40...40))
    ]
}
