/// Fly.io access tokens.
extension RuleCatalog {
    static let flyIO: [Rule] = [
        Rule(id: "flyio-access-token", description: "Fly.io access token", token: TokenShape(prefix: "fo1_", body: .base64URL, length: 43...43))
    ]
}
