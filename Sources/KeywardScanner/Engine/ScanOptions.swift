/// What to scan and how.
public struct ScanOptions: Sendable {
    public enum Source: Sendable, Equatable {
        /// Files and folders (the current folder when `paths` is empty).
        case files
        /// Standard input.
        case stdin
        /// What `git commit` would record.
        case staged
        /// Added lines of every commit, optionally after a revision.
        case history(since: String?)
    }

    public var source: Source = .files
    public var paths: [String] = []
    /// Files larger than this are skipped with a note.
    public var maximumFileSize = 10 * 1024 * 1024
    public var baselinePath: String?
    /// Show a progress line on stderr (the CLI sets it when stderr is a terminal).
    public var showProgress = false
    /// The folder that relative paths and git start from.
    public var workingDirectory: String = "."
    /// Inside a git work tree, leave out what `.gitignore` excludes (build output,
    /// dependencies), as ripgrep, kingfisher and betterleaks do. Tracked files are
    /// scanned even when a pattern matches them: they are in the repository.
    public var respectsGitIgnore = true
    /// Findings below this confidence are left out of the result (`--min-confidence`).
    public var minimumConfidence: Confidence = .low

    public init(source: Source = .files, paths: [String] = []) {
        self.source = source
        self.paths = paths
    }
}

/// What a scan found, with notes for people (skipped files) and counts.
public struct ScanResult: Sendable {
    public var findings: [Finding]
    public var notes: [String]
    public var filesScanned: Int
    public var bytesScanned: Int
    /// Findings left out because of the baseline or `.keywardignore` fingerprints.
    public var suppressed: Int
}
