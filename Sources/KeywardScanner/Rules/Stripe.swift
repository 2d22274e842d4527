/// Stripe: secret and restricted API keys (live and test) and webhook signing secrets.
extension RuleCatalog {
    static let stripe: [Rule] = [
        Rule(
            id: "stripe-secret-key", description: "Stripe secret key (live)", token: TokenShape(prefix: "sk_live_", body: .base62, length: 20...247)),
        Rule(
            id: "stripe-restricted-key", description: "Stripe restricted key (live)",
            token: TokenShape(prefix: "rk_live_", body: .base62, length: 20...247)),
        Rule(
            id: "stripe-test-secret-key", description: "Stripe secret key (test mode)",
            token: TokenShape(prefix: "sk_test_", body: .base62, length: 20...247)),
        Rule(
            id: "stripe-webhook-secret", description: "Stripe webhook signing secret",
            token: TokenShape(prefix: "whsec_", body: .base62, length: 32...64)),
    ]
}
