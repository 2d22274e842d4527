/// Postman API keys: `PMAK-` + 24 hex + `-` + 34 hex.
extension RuleCatalog {
    static let postman: [Rule] = [
        Rule(
            id: "postman-api-key", description: "Postman API key",
            token: TokenShape(
                prefix: "PMAK-", body: ByteSet.hexLower.union(ByteSet("-")), length: 59...59,
                validator: { token in token[29] == UInt8(ascii: "-") ? .plausible : .reject })
        ) {
            RuleSamples(
                positives: ["POSTMAN_KEY=PMAK-\(SampleText.random(.hexLower, count: 24))-\(SampleText.random(.hexLower, count: 34))"],
                negatives: ["PMAK-\(SampleText.random(.hexLower, count: 59))"])
        }
    ]
}
