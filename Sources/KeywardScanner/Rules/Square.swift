/// Square access tokens and OAuth secrets.
extension RuleCatalog {
    static let square: [Rule] = [
        Rule(id: "square-access-token", description: "Square access token", token: TokenShape(prefix: "sq0atp-", body: .base64URL, length: 22...22)),
        Rule(id: "square-oauth-secret", description: "Square OAuth secret", token: TokenShape(prefix: "sq0csp-", body: .base64URL, length: 43...43)),
    ]
}
