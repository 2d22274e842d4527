/// Sentry organisation auth tokens and user auth tokens.
extension RuleCatalog {
    static let sentry: [Rule] = [
        Rule(
            id: "sentry-org-token", description: "Sentry organisation auth token",
            token: TokenShape(prefix: "sntrys_eyJ", body: ByteSet.base64URL.union(ByteSet("=")), length: 60...400)),
        Rule(id: "sentry-user-token", description: "Sentry user auth token", token: TokenShape(prefix: "sntryu_", body: .hexLower, length: 64...64)),
    ]
}
