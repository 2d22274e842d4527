/// A secret found by a scan, placed in its file (and commit, for history).
public struct Finding: Sendable, Hashable {
    public var rule: String
    public var description: String
    /// The path as given on the command line joined with the path inside it.
    public var file: String
    public var line: Int
    /// 1-based, in bytes.
    public var column: Int
    /// The secret itself: shown only with `--show-secrets`.
    public var secret: String
    public var fingerprint: String
    public var confirmed: Bool
    public var commit: CommitInfo?
    /// How sure the finding is (its rule's confidence; `high` when a checksum confirmed it).
    public var confidence: Confidence
    /// `test` under test, fixture, example and benchmark paths (`TestPaths`).
    public var context: FindingContext

    public init(
        rule: String, description: String, file: String, line: Int, column: Int, secret: String, fingerprint: String, confirmed: Bool,
        commit: CommitInfo? = nil, confidence: Confidence = .high, context: FindingContext = .source
    ) {
        self.rule = rule
        self.description = description
        self.file = file
        self.line = line
        self.column = column
        self.secret = secret
        self.fingerprint = fingerprint
        self.confirmed = confirmed
        self.commit = commit
        self.confidence = confirmed ? .high : confidence
        self.context = context
    }

    /// The secret as output shows it: a few leading characters, then stars.
    public var redactedSecret: String { Redaction.redact(secret) }
}

/// The commit that added a line found in git history.
public struct CommitInfo: Sendable, Hashable {
    public var hash: String
    public var author: String
    /// ISO 8601, as git prints it (`%aI`).
    public var date: String

    public init(hash: String, author: String, date: String) {
        self.hash = hash
        self.author = author
        self.date = date
    }
}

/// How secrets are shown when `--show-secrets` is not given.
public enum Redaction {
    public static func redact(_ secret: String) -> String {
        let visible = min(4, secret.utf8.count / 4)
        return String(secret.prefix(visible)) + "*****"
    }
}
