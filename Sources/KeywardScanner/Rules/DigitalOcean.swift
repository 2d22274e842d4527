/// DigitalOcean personal access, OAuth and refresh tokens.
extension RuleCatalog {
    static let digitalOcean: [Rule] = [
        Rule(
            id: "digitalocean-pat", description: "DigitalOcean personal access token",
            token: TokenShape(prefix: "dop_v1_", body: .hexLower, length: 64...64)),
        Rule(
            id: "digitalocean-oauth-token", description: "DigitalOcean OAuth token",
            token: TokenShape(prefix: "doo_v1_", body: .hexLower, length: 64...64)),
        Rule(
            id: "digitalocean-refresh-token", description: "DigitalOcean refresh token",
            token: TokenShape(prefix: "dor_v1_", body: .hexLower, length: 64...64)),
    ]
}
