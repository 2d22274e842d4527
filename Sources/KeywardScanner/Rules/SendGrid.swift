/// SendGrid API keys: `SG.` + 22 + `.` + 43 base64url characters.
extension RuleCatalog {
    static let sendgrid: [Rule] = [
        Rule(
            id: "sendgrid-api-key", description: "SendGrid API key",
            token: TokenShape(
                prefix: "SG.", body: ByteSet.base64URL.union(ByteSet(".")), length: 66...66,
                validator: { token in token[25] == UInt8(ascii: ".") ? .plausible : .reject })
        ) {
            let key = "SG." + SampleText.random(.base62, count: 22) + "." + SampleText.random(.base62, count: 43)
            return RuleSamples(positives: ["SENDGRID_API_KEY=\(key)"], negatives: ["SG." + SampleText.random(.base62, count: 66)])
        }
    ]
}
