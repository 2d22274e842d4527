/// Docker Hub personal and organisation access tokens.
extension RuleCatalog {
    static let dockerHub: [Rule] = [
        Rule(
            id: "dockerhub-pat", description: "Docker Hub personal access token",
            token: TokenShape(prefix: "dckr_pat_", body: .base64URL, length: 27...27)),
        Rule(
            id: "dockerhub-oat", description: "Docker Hub organisation access token",
            token: TokenShape(prefix: "dckr_oat_", body: .base64URL, length: 32...32)),
    ]
}
