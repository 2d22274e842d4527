/// Telegram bot tokens: the bot's numeric id, `:AA`, then 33 base64url characters.
extension RuleCatalog {
    static let telegram: [Rule] = [
        Rule(
            id: "telegram-bot-token", description: "Telegram bot token", keywords: [":AA"],
            matcher: .custom { bytes, start, _ in
                var idStart = start
                while idStart > 0, start - idStart <= 10, ByteSet.digits.contains(bytes[idStart - 1]) { idStart -= 1 }
                guard (8...10).contains(start - idStart) else { return nil }
                if idStart > 0, ByteSet.word.contains(bytes[idStart - 1]) { return nil }
                guard bytes[start + 1] == UInt8(ascii: "A"), bytes[start + 2] == UInt8(ascii: "A") else { return nil }
                var end = start + 3
                while end < bytes.count, ByteSet.base64URL.contains(bytes[end]) { end += 1 }
                guard end - start - 3 == 32 || end - start - 3 == 33 else { return nil }
                return RuleMatch(range: idStart..<end, verdict: .plausible)
            }
        ) {
            RuleSamples(
                positives: ["TELEGRAM_TOKEN=\(SampleText.random(.digits, count: 10)):AA\(SampleText.random(.base62, count: 33))"],
                negatives: ["12:AA\(SampleText.random(.base62, count: 33))", "time 12345678:AAB"])
        }
    ]
}
