/// Discord webhooks (whose URL is the credential) and bot tokens assigned to a name.
extension RuleCatalog {
    static let discord: [Rule] = [
        Rule(
            id: "discord-webhook", description: "Discord webhook URL",
            keywords: ["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
            matcher: .custom { bytes, start, length in
                var index = start + length
                let idStart = index
                while index < bytes.count, ByteSet.digits.contains(bytes[index]) { index += 1 }
                guard (17...20).contains(index - idStart), index < bytes.count, bytes[index] == UInt8(ascii: "/") else { return nil }
                index += 1
                let tokenStart = index
                while index < bytes.count, ByteSet.base64URL.contains(bytes[index]) { index += 1 }
                guard index - tokenStart == 68 else { return nil }
                return RuleMatch(range: start..<index, verdict: .plausible)
            }
        ) {
            RuleSamples(
                positives: [
                    "url = \"https://discord.com/api/webhooks/\(SampleText.random(.digits, count: 18))/\(SampleText.random(.base62, count: 68))\""
                ],
                negatives: ["https://discord.com/api/webhooks/123/abc"])
        },
        Rule(
            id: "discord-bot-token", description: "Discord bot token", keywords: ["discord"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words.contains("discord") && (words.contains("token") || words.contains("secret")) },
                acceptsValue: { value, _ in
                    let parts = value.split(separator: ".", omittingEmptySubsequences: false)
                    return parts.count == 3 && (24...28).contains(parts[0].utf8.count) && parts[1].utf8.count == 6
                        && (27...38).contains(parts[2].utf8.count)
                        && value.utf8.allSatisfy { ByteSet.base64URL.contains($0) || $0 == UInt8(ascii: ".") }
                }), confidence: .medium
        ) {
            let token =
                "M" + SampleText.random(.base62, count: 23) + "." + SampleText.random(.base62, count: 6) + "." + SampleText.random(.base62, count: 27)
            return RuleSamples(positives: ["DISCORD_BOT_TOKEN=\(token)"], negatives: ["DISCORD_BOT_TOKEN=not.a.token"])
        },
    ]
}
