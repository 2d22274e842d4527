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

    public init(
        rule: String, description: String, file: String, line: Int, column: Int, secret: String, fingerprint: String, confirmed: Bool,
        commit: CommitInfo? = nil
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
