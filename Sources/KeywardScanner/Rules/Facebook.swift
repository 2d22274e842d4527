/// Facebook (Meta) app secrets and long-lived access tokens.
extension RuleCatalog {
    static let facebook: [Rule] = [
        AssignmentRule.provider(
            id: "facebook-app-secret", description: "Facebook app secret", provider: "facebook", secretWords: ["secret", "appsecret"],
            set: .hexLower, lengths: 32...32),
        Rule(
            id: "facebook-access-token", description: "Facebook access token",
            token: TokenShape(
                prefix: "EAA", body: .base62, length: 100...300,
                validator: { token in Entropy.bits(token) >= 4.5 ? .plausible : .reject })),
    ]
}
