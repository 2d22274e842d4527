/// What a rule's validator concludes about a candidate.
public enum Verdict: Sendable, Hashable {
    /// Not a secret (wrong checksum, placeholder, example…).
    case reject
    /// Has the shape of a secret; nothing proves it.
    case plausible
    /// A checksum proved the format (SPEC §10 `confirmed`).
    case confirmed
}

/// A secret that a rule found: where it lies in the scanned bytes and how sure we are.
public struct RuleMatch: Sendable, Hashable {
    public var range: Range<Int>
    public var verdict: Verdict

    public init(range: Range<Int>, verdict: Verdict) {
        self.range = range
        self.verdict = verdict
    }
}

/// The scanned bytes, as the matchers see them.
public typealias ScanBytes = UnsafeBufferPointer<UInt8>
