/// Amazon Web Services: access key IDs and the secret access keys assigned next to them.
extension RuleCatalog {
    static let aws: [Rule] = [
        accessKeyID("AKIA", id: "aws-access-key-id", "AWS access key ID"),
        accessKeyID("ASIA", id: "aws-temporary-access-key-id", "AWS temporary (STS) access key ID"),
        Rule(
            id: "aws-secret-access-key", description: "AWS secret access key",
            keywords: ["aws_secret", "awssecret", "aws-secret", "secret_access_key", "secretaccesskey", "aws_secret_key"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words.contains("secret") || words.contains("secretaccesskey") },
                acceptsValue: { value, _ in AssignmentRule.exact(value, ByteSet.base64, 40...40) && value.utf8.contains { ByteSet.lower.contains($0) }
                }
            ), confidence: .medium
        ) {
            let secret = SampleText.random(.base62, count: 38) + "/+"
            return RuleSamples(
                positives: ["aws_secret_access_key = \(secret)", "AWS_SECRET_ACCESS_KEY=\"\(secret)\""],
                negatives: ["aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = ${AWS_SECRET}"])
        },
    ]

    private static func accessKeyID(_ prefix: String, id: String, _ description: String) -> Rule {
        let body = ByteSet.upper.union(ByteSet("234567"))
        return Rule(
            id: id, description: description,
            token: TokenShape(
                prefix: prefix, body: body, length: 16...16, stopAfter: .base62,
                validator: { token in
                    let text = String(decoding: token, as: UTF8.self)
                    return text.hasSuffix("EXAMPLE") || SecretValue.isRepetitive(Array(token)) ? .reject : .plausible
                })
        ) {
            let key = prefix + SampleText.random(body, count: 16)
            return RuleSamples(
                positives: ["aws_access_key_id = \(key)", "\"AccessKeyId\": \"\(key)\""],
                negatives: ["aws_access_key_id = " + "AKIA" + "IOSFODNN7EXAMPLE", prefix + SampleText.random(body, count: 10)])
        }
    }
}
