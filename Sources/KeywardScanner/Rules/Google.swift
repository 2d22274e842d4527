/// Google Cloud and Google APIs: API keys, OAuth client secrets, service-account key IDs.
extension RuleCatalog {
    static let google: [Rule] = [
        Rule(id: "google-api-key", description: "Google API key", token: TokenShape(prefix: "AIza", body: .base64URL, length: 35...35)),
        Rule(
            id: "google-oauth-client-secret", description: "Google OAuth client secret",
            token: TokenShape(prefix: "GOCSPX-", body: .base64URL, length: 28...28)),
        Rule(
            id: "google-service-account", description: "Google service-account key (private_key_id in a JSON key file)",
            keywords: ["\"private_key_id\""],
            matcher: .custom { bytes, start, length in
                guard let assignment = Assignment.find(in: bytes, keywordAt: start + 1, keywordLength: length - 2) else { return nil }
                let value = String(decoding: bytes[assignment.valueRange], as: UTF8.self)
                return AssignmentRule.exact(value, .hexLower, 40...40) ? RuleMatch(range: assignment.valueRange, verdict: .plausible) : nil
            }, confidence: .medium
        ) {
            RuleSamples(
                positives: ["  \"private_key_id\": \"\(SampleText.random(.hexLower, count: 40))\","],
                negatives: ["  \"private_key_id\": \"\(SampleText.random(.hexLower, count: 12))\","])
        },
    ]
}
