/// PlanetScale service tokens, passwords and OAuth tokens.
extension RuleCatalog {
    static let planetScale: [Rule] = [
        Rule(
            id: "planetscale-token", description: "PlanetScale service token",
            token: TokenShape(prefix: "pscale_tkn_", body: .base64URL, length: 32...64)),
        Rule(
            id: "planetscale-password", description: "PlanetScale database password",
            token: TokenShape(prefix: "pscale_pw_", body: .base64URL, length: 32...64)),
        Rule(
            id: "planetscale-oauth-token", description: "PlanetScale OAuth token",
            token: TokenShape(prefix: "pscale_oauth_", body: .base64URL, length: 32...64)),
    ]
}
