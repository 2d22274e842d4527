/// One kind of credential: what it is called, where the prefilter should look
/// (keywords) and how to cut the secret out around a keyword. Rules are data
/// plus an optional validator; each provider's rules live in one file of `Rules/`.
public struct Rule: Sendable, Identifiable {
    /// How a rule finds its secret once the prefilter found a keyword.
    public enum Matcher: Sendable {
        /// A prefix token; the keyword is the prefix.
        case token(TokenShape)
        /// Anything else: given the bytes, the keyword's position and length.
        case custom(@Sendable (ScanBytes, Int, Int) -> RuleMatch?)
        /// A whole file of a known format, picked by its name (`fileNames`), not by keywords.
        case file(@Sendable (ScanBytes) -> [RuleMatch])
    }

    /// Stable identifier (`github-pat`), used in output and fingerprints.
    public let id: String
    public let description: String
    /// Strings of at least two ASCII characters, matched case-insensitively, that
    /// every secret of this rule contains or follows.
    public let keywords: [String]
    public let matcher: Matcher
    /// Whether this rule's findings may be overlapped by a specific rule's.
    public let isGeneric: Bool
    /// How sure this rule's findings are (a checksum-confirmed finding is always `high`).
    public let confidence: Confidence
    /// For a `.file` rule: the files it reads (by name and path).
    public let fileNames: FileNamePattern?
    /// True and false samples, built when a test asks for them so that the
    /// repository holds no real-looking credential.
    public let samples: @Sendable () -> RuleSamples

    public init(
        id: String, description: String, keywords: [String], matcher: Matcher, isGeneric: Bool = false, confidence: Confidence? = nil,
        samples: @escaping @Sendable () -> RuleSamples
    ) {
        self.id = id
        self.description = description
        self.keywords = keywords
        self.matcher = matcher
        self.isGeneric = isGeneric
        // Specific formats are sure unless they say otherwise; generic ones only look random.
        self.confidence = confidence ?? (isGeneric ? .low : .high)
        self.fileNames = nil
        self.samples = samples
    }

    /// A rule for a configuration file of a known format: it runs on the files
    /// `files` names, once per file, and needs no keyword.
    public init(
        id: String, description: String, files: FileNamePattern, confidence: Confidence = .medium,
        scan: @escaping @Sendable (ScanBytes) -> [RuleMatch], samples: @escaping @Sendable () -> RuleSamples
    ) {
        self.id = id
        self.description = description
        self.keywords = []
        self.matcher = .file(scan)
        self.isGeneric = false
        self.confidence = confidence
        self.fileNames = files
        self.samples = samples
    }

    /// A rule for a prefix token; the keyword is the prefix and the samples
    /// are generated from the shape unless given.
    public init(id: String, description: String, token shape: TokenShape, samples: (@Sendable () -> RuleSamples)? = nil) {
        self.init(
            id: id, description: description, keywords: [shape.prefix], matcher: .token(shape),
            samples: samples ?? { RuleSamples.generated(for: shape) })
    }

    func match(_ bytes: ScanBytes, keywordAt start: Int, length: Int) -> RuleMatch? {
        switch matcher {
        case .token(let shape): shape.match(bytes, at: start)
        case .custom(let find): find(bytes, start, length)
        case .file: nil
        }
    }
}
