/// Mailchimp API keys: 32 hex, `-us`, the data centre number.
extension RuleCatalog {
    static let mailchimp: [Rule] = [
        Rule(
            id: "mailchimp-api-key", description: "Mailchimp API key", keywords: ["-us"],
            matcher: .custom { bytes, start, length in
                guard start >= 32 else { return nil }
                let keyStart = start - 32
                guard (keyStart..<start).allSatisfy({ ByteSet.hexLower.contains(bytes[$0]) }) else { return nil }
                if keyStart > 0, ByteSet.word.contains(bytes[keyStart - 1]) { return nil }
                var end = start + length
                while end < bytes.count, end - start - length < 2, ByteSet.digits.contains(bytes[end]) { end += 1 }
                guard end > start + length, end == bytes.count || !ByteSet.word.contains(bytes[end]) else { return nil }
                guard !SecretValue.isRepetitive(Array(bytes[keyStart..<start])) else { return nil }
                return RuleMatch(range: keyStart..<end, verdict: .plausible)
            }
        ) {
            RuleSamples(
                positives: ["MAILCHIMP_KEY=\(SampleText.random(.hexLower, count: 32))-us12"],
                negatives: ["id = \(SampleText.random(.hexLower, count: 20))-us12", "value-used"])
        }
    ]
}
