/// Okta API tokens (`00` + 40 base64url), assigned to an Okta name.
extension RuleCatalog {
    static let okta: [Rule] = [
        Rule(
            id: "okta-api-token", description: "Okta API token", keywords: ["okta"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words.contains("okta") && (words.contains("token") || words.contains("key") || words.contains("secret")) },
                acceptsValue: { value, _ in value.hasPrefix("00") && AssignmentRule.exact(value, .base64URL, 42...42) }), confidence: .medium
        ) {
            RuleSamples(
                positives: ["OKTA_API_TOKEN=00\(SampleText.random(.base62, count: 40))"],
                negatives: ["OKTA_API_TOKEN=\(SampleText.random(.base62, count: 42))x"])
        }
    ]
}
