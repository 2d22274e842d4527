import KeywardCore

extension KeywardError.Code {
    /// A path given to the scanner does not exist or cannot be read.
    public static let scanPathNotFound = Self("SCAN_PATH_NOT_FOUND", .invalidInput)
    /// `--git` or `--staged` outside a git work tree, or git failed.
    public static let notAGitRepository = Self("NOT_A_GIT_REPOSITORY", .invalidInput)
    public static let gitFailed = Self("GIT_FAILED", .internalFailure)
    /// A `--since` revision that looks like an option or holds whitespace or control characters.
    public static let invalidRevision = Self("INVALID_REVISION", .invalidInput)
    /// A baseline or `.keywardignore` that cannot be read or parsed.
    public static let invalidBaseline = Self("INVALID_BASELINE", .invalidInput)
    /// The report could not be written.
    public static let outputFailed = Self("OUTPUT_FAILED", .internalFailure)
}
