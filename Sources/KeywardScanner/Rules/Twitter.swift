/// Twitter / X app bearer tokens (`AAAAAAAAAAAAAAAAAAAAA` + URL-encoded base64).
extension RuleCatalog {
    static let twitter: [Rule] = [
        Rule(
            id: "twitter-bearer-token", description: "Twitter / X bearer token",
            token: TokenShape(
                prefix: String(repeating: "A", count: 22), body: ByteSet.base62.union(ByteSet("%")), length: 80...120,
                validator: { token in Entropy.bits(token.dropFirst(22)) >= 4.5 ? .plausible : .reject })),
        AssignmentRule.provider(
            id: "twitter-api-secret", description: "Twitter / X API secret", provider: "twitter", secretWords: ["secret"],
            set: .base62, lengths: 45...50),
    ]
}
