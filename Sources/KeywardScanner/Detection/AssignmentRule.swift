/// Builds rules that find a value assigned to a name: the generic rule and
/// provider rules whose secret has no prefix (AWS secret keys, Twilio tokens).
enum AssignmentRule {
    /// A matcher for `name = value` where the name holds the keyword and passes
    /// `acceptsName`, and the value passes `acceptsValue` (value, whether quoted).
    static func matcher(
        acceptsName: @escaping @Sendable ([String]) -> Bool, acceptsValue: @escaping @Sendable (String, Bool) -> Bool
    ) -> Rule.Matcher {
        matcher(acceptsName: acceptsName, acceptsNamedValue: { value, quoted, _ in acceptsValue(value, quoted) })
    }

    /// The same, where the value's test also sees the name's words.
    static func matcher(
        acceptsName: @escaping @Sendable ([String]) -> Bool, acceptsNamedValue: @escaping @Sendable (String, Bool, [String]) -> Bool
    ) -> Rule.Matcher {
        .custom { bytes, start, length in
            guard let assignment = Assignment.find(in: bytes, keywordAt: start, keywordLength: length) else { return nil }
            guard acceptsName(assignment.nameWords), !assignment.isColonOutsideLineStart else { return nil }
            let value = String(decoding: bytes[assignment.valueRange], as: UTF8.self)
            guard acceptsNamedValue(value, assignment.quoted, assignment.nameWords) else { return nil }
            return RuleMatch(range: assignment.valueRange, verdict: .plausible)
        }
    }

    /// A rule for a provider secret without a prefix: a value of `set` and `lengths`
    /// assigned to a name that holds `provider` and one of `secretWords`. The
    /// samples are generated from the same description.
    static func provider(
        id: String, description: String, provider: String, secretWords: Set<String>, set: ByteSet, lengths: ClosedRange<Int>
    ) -> Rule {
        Rule(
            id: id, description: description, keywords: [provider],
            matcher: matcher(
                acceptsName: { words in words.contains(provider) && words.contains(where: secretWords.contains) },
                acceptsValue: { value, _ in exact(value, set, lengths) }), confidence: .medium
        ) {
            let word = secretWords.sorted().first!
            let value = SampleText.random(set, count: lengths.lowerBound)
            return RuleSamples(
                positives: ["\(provider.uppercased())_\(word.uppercased())=\(value)", "\"\(provider)_\(word)\": \"\(value)\""],
                negatives: ["\(provider.uppercased())_\(word.uppercased())=${SECRET}", "\(provider.uppercased())_URL=\(value)"])
        }
    }

    /// Whether `value` is exactly `length` characters of `set` and not a known example.
    static func exact(_ value: String, _ set: ByteSet, _ lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(value.utf8.count) && value.utf8.allSatisfy(set.contains) && !SecretValue.knownExamples.contains(value)
            && !value.hasSuffix("EXAMPLEKEY") && !SecretValue.isRepetitive(Array(value.utf8)) && Entropy.bits(value.utf8) >= 3.0
    }
}
