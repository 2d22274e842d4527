/// npm access tokens: `npm_` + 30 random + a CRC-32 checksum like GitHub's.
extension RuleCatalog {
    static let npm: [Rule] = [
        Rule(
            id: "npm-token", description: "npm access token",
            token: TokenShape(prefix: "npm_", body: .base62, length: 36...36, validator: TrailingChecksum.verdict)
        ) {
            let token = "npm_" + TrailingChecksum.append(to: SampleText.random(.base62, count: 30))
            return RuleSamples(
                positives: ["//registry.npmjs.org/:_authToken=\(token)"],
                negatives: ["npm_" + SampleText.random(.base62, count: 30) + "000000"])
        }
    ]
}
