/// Slack: bot, user, app-level and other tokens, and incoming webhooks.
extension RuleCatalog {
    static let slack: [Rule] = [
        token("xoxb-", id: "slack-bot-token", "Slack bot token"),
        token("xoxp-", id: "slack-user-token", "Slack user token"),
        token("xoxe.xoxp-", id: "slack-config-token", "Slack configuration token"),
        token("xapp-", id: "slack-app-token", "Slack app-level token"),
        token("xoxa-", id: "slack-workspace-token", "Slack workspace access token"),
        token("xoxr-", id: "slack-refresh-token", "Slack refresh token"),
        Rule(
            id: "slack-webhook", description: "Slack incoming webhook URL",
            token: TokenShape(
                prefix: "hooks.slack.com/services/", body: ByteSet.base62.union(ByteSet("/")), length: 40...80,
                validator: { token in
                    let parts = String(decoding: token, as: UTF8.self).split(separator: "/")
                    return parts.count == 5 && parts[4].utf8.count >= 20 ? .plausible : .reject
                })
        ) {
            let url =
                "https://hooks.slack.com/services/T\(SampleText.random(.upper, count: 8))/B\(SampleText.random(.upper, count: 8))/\(SampleText.random(.base62, count: 24))"
            return RuleSamples(positives: ["webhook: \(url)"], negatives: ["https://hooks.slack.com/services/T000/B000/XXXX"])
        },
    ]

    private static func token(_ prefix: String, id: String, _ description: String) -> Rule {
        let body = ByteSet.base62.union(ByteSet("-"))
        return Rule(
            id: id, description: description,
            token: TokenShape(
                prefix: prefix, body: body, length: 20...250,
                validator: { token in
                    // Slack tokens are number groups then a random part, joined by `-`.
                    let parts = String(decoding: token, as: UTF8.self).split(separator: "-")
                    guard parts.count >= 3, let last = parts.last, last.utf8.count >= 8 else { return .reject }
                    return parts.dropFirst().contains(where: { $0.allSatisfy(\.isNumber) }) && Entropy.bits(last.utf8) >= 3 ? .plausible : .reject
                })
        ) {
            let value =
                prefix + "\(SampleText.random(.digits, count: 11))-\(SampleText.random(.digits, count: 12))-\(SampleText.random(.base62, count: 24))"
            return RuleSamples(positives: ["SLACK_TOKEN=\(value)"], negatives: [prefix + "xxxxxxxxx-xxxx", prefix + "your-token-here"])
        }
    }
}
