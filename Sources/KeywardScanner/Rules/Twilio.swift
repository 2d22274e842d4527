/// Twilio: API key SIDs with their secrets, and account auth tokens.
extension RuleCatalog {
    static let twilio: [Rule] = [
        Rule(
            id: "twilio-api-key", description: "Twilio API key SID",
            token: TokenShape(prefix: "SK", body: .hexLower, length: 32...32, stopAfter: .base62)),
        Rule(
            id: "twilio-auth-token", description: "Twilio auth token",
            keywords: ["twilio"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words.contains("twilio") && (words.contains("token") || words.contains("secret")) },
                acceptsValue: { value, _ in AssignmentRule.exact(value, .hexLower, 32...32) }), confidence: .medium
        ) {
            RuleSamples(
                positives: ["TWILIO_AUTH_TOKEN=\(SampleText.random(.hexLower, count: 32))"],
                negatives: ["TWILIO_ACCOUNT_SID=AC\(SampleText.random(.hexLower, count: 32))", "TWILIO_AUTH_TOKEN=${TOKEN}"])
        },
    ]
}
