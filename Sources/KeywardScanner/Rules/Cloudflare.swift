/// Cloudflare API tokens (40 base64url) and global API keys (37 hex), assigned to a Cloudflare name.
extension RuleCatalog {
    static let cloudflare: [Rule] = [
        AssignmentRule.provider(
            id: "cloudflare-api-token", description: "Cloudflare API token", provider: "cloudflare", secretWords: ["token", "apitoken"],
            set: .base64URL, lengths: 40...40),
        AssignmentRule.provider(
            id: "cloudflare-global-api-key", description: "Cloudflare global API key", provider: "cloudflare", secretWords: ["key", "apikey"],
            set: .hexLower, lengths: 37...37),
    ]
}
