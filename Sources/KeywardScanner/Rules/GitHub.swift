/// GitHub tokens. The classic formats end in a CRC-32 checksum of their 30
/// random characters, so a finding is confirmed and a wrong checksum is no finding.
extension RuleCatalog {
    static let github: [Rule] = [
        classic("ghp_", id: "github-pat", "GitHub personal access token (classic)"),
        classic("gho_", id: "github-oauth", "GitHub OAuth access token"),
        classic("ghu_", id: "github-user-to-server", "GitHub App user-to-server token"),
        classic("ghs_", id: "github-app", "GitHub App installation (server-to-server) token"),
        classic("ghr_", id: "github-refresh", "GitHub App refresh token"),
        Rule(
            id: "github-fine-grained-pat", description: "GitHub fine-grained personal access token",
            token: TokenShape(
                prefix: "github_pat_", body: ByteSet.word, length: 82...82,
                validator: { token in
                    // 22 base62, `_`, 59 base62.
                    let body = token[(token.count - 82)...]
                    let separator = body.startIndex + 22
                    guard token[separator] == UInt8(ascii: "_") else { return .reject }
                    return body.indices.allSatisfy { $0 == separator || ByteSet.base62.contains(token[$0]) } ? .plausible : .reject
                })
        ) {
            let token = "github" + "_pat_" + SampleText.random(.base62, count: 22) + "_" + SampleText.random(.base62, count: 59)
            return RuleSamples(
                positives: ["GH_TOKEN=\(token)"], negatives: ["github" + "_pat_" + SampleText.random(.base62, count: 81)])
        },
    ]

    private static func classic(_ prefix: String, id: String, _ description: String) -> Rule {
        Rule(
            id: id, description: description,
            token: TokenShape(prefix: prefix, body: .base62, length: 36...36, validator: TrailingChecksum.verdict)
        ) {
            let token = prefix + TrailingChecksum.append(to: SampleText.random(.base62, count: 30))
            var broken = Array(token.utf8)
            broken[broken.count - 1] = broken.last == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            return RuleSamples(
                positives: ["token = \"\(token)\"", "Authorization: token \(token)"],
                negatives: ["token = \"\(String(decoding: broken, as: UTF8.self))\"", prefix + SampleText.random(.base62, count: 20)])
        }
    }
}
