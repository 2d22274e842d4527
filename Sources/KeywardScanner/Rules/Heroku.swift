/// Heroku platform API tokens (new format) and legacy API keys assigned to a Heroku name.
extension RuleCatalog {
    static let heroku: [Rule] = [
        Rule(id: "heroku-api-token", description: "Heroku platform API token", token: TokenShape(prefix: "HRKU-", body: .base64URL, length: 60...60)),
        Rule(
            id: "heroku-api-key", description: "Heroku API key (legacy UUID form)", keywords: ["heroku"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words.contains("heroku") && (words.contains("key") || words.contains("token") || words.contains("apikey")) },
                acceptsValue: { value, _ in SecretValue.isUUID(Array(value.utf8)) && !value.hasPrefix("00000000") }), confidence: .medium
        ) {
            let uuid = [8, 4, 4, 4, 12].map { SampleText.random(.hexLower, count: $0) }.joined(separator: "-")
            return RuleSamples(positives: ["HEROKU_API_KEY=\(uuid)"], negatives: ["HEROKU_APP_ID=\(uuid)"])
        },
    ]
}
