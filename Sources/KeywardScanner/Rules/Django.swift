/// Django's `SECRET_KEY`: `startproject` writes 50 characters drawn from
/// `a-z0-9!@#$%^&*(-_=+)`, since Django 3.2 behind `django-insecure-`.
extension RuleCatalog {
    static let django: [Rule] = [
        Rule(
            id: "django-secret-key", description: "Django SECRET_KEY", keywords: ["_key"],
            matcher: AssignmentRule.matcher(
                acceptsName: { words in words == ["secret", "key"] || words.suffix(3) == ["django", "secret", "key"] },
                acceptsValue: { value, quoted in quoted && DjangoKey.isKey(value) }), confidence: .medium
        ) {
            let key = DjangoKey.sample()
            return RuleSamples(
                positives: ["SECRET_KEY = '\(key)'", "SECRET_KEY = \"django-insecure-\(key)\"", "DJANGO_SECRET_KEY='\(key)'"],
                negatives: [
                    "SECRET_KEY = os.environ['SECRET_KEY']", "SECRET_KEY = 'django-insecure-change-me'",
                    "SECRET_KEY = '\(SampleText.random(DjangoKey.alphabet, count: 20))'",
                ])
        }
    ]
}

enum DjangoKey {
    static let alphabet = ByteSet.lower.union(.digits).union(ByteSet("!@#$%^&*(-_=+)"))

    static func isKey(_ value: String) -> Bool {
        var body = Substring(value)
        if body.hasPrefix("django-insecure-") { body = body.dropFirst("django-insecure-".count) }
        let bytes = Array(body.utf8)
        return bytes.count == 50 && bytes.allSatisfy(alphabet.contains) && bytes.contains(where: ByteSet.digits.contains)
            && !SecretValue.isRepetitive(bytes) && Entropy.bits(bytes) >= 4.0
    }

    /// A key as `startproject` makes one, with a digit and a symbol for sure.
    static func sample() -> String {
        SampleText.random(ByteSet.lower, count: 20) + "4(" + SampleText.random(alphabet, count: 28)
    }
}
