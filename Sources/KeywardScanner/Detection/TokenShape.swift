/// The shape of a token that starts with a fixed prefix: `prefix`, then a body
/// of `length` characters from `body`, not glued to word characters on either
/// side. Most provider formats are this shape and need no regular expression.
public struct TokenShape: Sendable {
    public var prefix: String
    public var body: ByteSet
    public var length: ClosedRange<Int>
    /// Whether the prefix must match with its exact case (`AKIA`, `ghp_`).
    public var caseSensitive: Bool
    /// Characters that may not follow the token (default: the body's own).
    public var stopAfter: ByteSet?
    /// Checks the whole token (prefix included), e.g. a checksum.
    public var validator: (@Sendable (ScanBytes) -> Verdict)?

    public init(
        prefix: String, body: ByteSet, length: ClosedRange<Int>, caseSensitive: Bool = true, stopAfter: ByteSet? = nil,
        validator: (@Sendable (ScanBytes) -> Verdict)? = nil
    ) {
        self.prefix = prefix
        self.body = body
        self.length = length
        self.caseSensitive = caseSensitive
        self.stopAfter = stopAfter
        self.validator = validator
    }

    /// The token that starts at `start`, where the prefilter found the prefix.
    func match(_ bytes: ScanBytes, at start: Int) -> RuleMatch? {
        let prefixBytes = prefix.utf8
        if start > 0, ByteSet.word.contains(bytes[start - 1]), ByteSet.word.contains(prefixBytes.first!) { return nil }
        if caseSensitive {
            var index = start
            for byte in prefixBytes {
                guard index < bytes.count, bytes[index] == byte else { return nil }
                index += 1
            }
        }
        let bodyStart = start + prefixBytes.count
        var end = bodyStart
        let limit = min(bytes.count, bodyStart + length.upperBound + 1)
        while end < limit, body.contains(bytes[end]) { end += 1 }
        let count = end - bodyStart
        guard length.contains(count) else { return nil }
        if end < bytes.count, (stopAfter ?? body).contains(bytes[end]) { return nil }
        let token = ScanBytes(rebasing: bytes[start..<end])
        let verdict = validator?(token) ?? .plausible
        guard verdict != .reject else { return nil }
        // `sk_live_` + 24 × `X`, `AKIA` + 16 × `0`: documentation, not a key.
        if verdict == .plausible, MadeUpText.isFiller(bytes[bodyStart..<end]) { return nil }
        return RuleMatch(range: start..<end, verdict: verdict)
    }
}
