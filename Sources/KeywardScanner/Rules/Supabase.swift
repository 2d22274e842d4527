/// Supabase personal access tokens and secret keys.
extension RuleCatalog {
    static let supabase: [Rule] = [
        Rule(
            id: "supabase-access-token", description: "Supabase personal access token",
            token: TokenShape(prefix: "sbp_", body: .hexLower, length: 40...40)),
        Rule(
            id: "supabase-secret-key", description: "Supabase secret API key",
            token: TokenShape(prefix: "sb_secret_", body: .base64URL, length: 31...40)),
    ]
}
