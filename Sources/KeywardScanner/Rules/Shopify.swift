/// Shopify access tokens, custom-app tokens, private-app passwords and shared secrets.
extension RuleCatalog {
    static let shopify: [Rule] = [
        Rule(id: "shopify-access-token", description: "Shopify access token", token: TokenShape(prefix: "shpat_", body: .hex, length: 32...32)),
        Rule(
            id: "shopify-custom-app-token", description: "Shopify custom app access token",
            token: TokenShape(prefix: "shpca_", body: .hex, length: 32...32)),
        Rule(
            id: "shopify-private-app-password", description: "Shopify private app password",
            token: TokenShape(prefix: "shppa_", body: .hex, length: 32...32)),
        Rule(id: "shopify-shared-secret", description: "Shopify shared secret", token: TokenShape(prefix: "shpss_", body: .hex, length: 32...32)),
    ]
}
