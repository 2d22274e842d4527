/// OpenAI API keys: project, service-account and admin keys, and legacy user keys
/// (which carry the marker `T3BlbkFJ`, base64 of "OpenAI").
extension RuleCatalog {
    static let openAI: [Rule] = [
        Rule(
            id: "openai-project-key", description: "OpenAI project API key", token: TokenShape(prefix: "sk-proj-", body: .base64URL, length: 40...200)
        ),
        Rule(
            id: "openai-service-account-key", description: "OpenAI service-account key",
            token: TokenShape(prefix: "sk-svcacct-", body: .base64URL, length: 40...200)),
        Rule(id: "openai-admin-key", description: "OpenAI admin key", token: TokenShape(prefix: "sk-admin-", body: .base64URL, length: 40...200)),
        Rule(
            id: "openai-legacy-key", description: "OpenAI API key (legacy)", keywords: ["T3BlbkFJ"],
            matcher: .custom { bytes, start, _ in
                // `sk-` + 20 + marker + 20.
                guard start >= 23, start + 28 <= bytes.count, bytes[start - 23] == UInt8(ascii: "s"), bytes[start - 22] == UInt8(ascii: "k"),
                    bytes[start - 21] == UInt8(ascii: "-"), bytes[start] == UInt8(ascii: "T")
                else { return nil }
                guard (start - 20..<start).allSatisfy({ ByteSet.base62.contains(bytes[$0]) }),
                    (start + 8..<start + 28).allSatisfy({ ByteSet.base62.contains(bytes[$0]) })
                else { return nil }
                if start + 28 < bytes.count, ByteSet.word.contains(bytes[start + 28]) { return nil }
                return RuleMatch(range: (start - 23)..<(start + 28), verdict: .plausible)
            }
        ) {
            RuleSamples(
                positives: ["OPENAI_API_KEY=sk-\(SampleText.random(.base62, count: 20))T3Blb" + "kFJ\(SampleText.random(.base62, count: 20))"],
                negatives: ["sk-\(SampleText.random(.base62, count: 10))T3Blb" + "kFJ\(SampleText.random(.base62, count: 20))"])
        },
    ]
}
