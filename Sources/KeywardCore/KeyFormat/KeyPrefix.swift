/// The prefix of a key: `[a-z][a-z0-9]{1,15}` segments joined by `_`, at most
/// 32 characters (SPEC §1). The first segment `kwm` is reserved for management
/// tokens.
public struct KeyPrefix: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// The prefix of every management token.
    public static let managementToken = KeyPrefix(unchecked: "kwm")
    /// The prefix a keyspace gets when it names none.
    public static let defaultKeyspace = KeyPrefix(unchecked: "kw")

    public static let maximumLength = 32

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// A keyspace prefix; throws `INVALID_PREFIX` naming the rule that `text` breaks.
    public init(keyspacePrefix text: String) throws(KeywardError) {
        if let problem = KeyPrefix.problem(in: Substring(text)) {
            throw KeywardError(.invalidPrefix, problem, field: "prefix")
        }
        if text.split(separator: "_").first == "kwm" {
            throw KeywardError(.invalidPrefix, "the prefix kwm is reserved for management tokens", field: "prefix")
        }
        self.rawValue = text
    }

    public var description: String { rawValue }

    /// Whether `text` is a well-formed prefix (management prefix included).
    @inlinable
    public static func isValid(_ text: Substring) -> Bool {
        problem(in: text) == nil
    }

    /// Why `text` is not a prefix, or nil when it is one. Never echoes the text
    /// beyond its length: a prefix may be cut from a secret.
    @usableFromInline
    static func problem(in text: Substring) -> String? {
        let bytes = text.utf8
        if bytes.isEmpty { return "the prefix is empty" }
        if bytes.count > maximumLength { return "the prefix is longer than \(maximumLength) characters" }
        var segmentLength = 0
        var segmentIndex = 1
        for byte in bytes {
            if byte == UInt8(ascii: "_") {
                if segmentLength < 2 { return "segment \(segmentIndex) of the prefix is shorter than 2 characters" }
                segmentLength = 0
                segmentIndex += 1
                continue
            }
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if segmentLength == 0 && !isLower {
                return "segment \(segmentIndex) of the prefix must start with a lower-case letter"
            }
            if !isLower && !isDigit {
                return "the prefix may hold only a-z, 0-9 and _ between segments"
            }
            segmentLength += 1
            if segmentLength > 16 { return "segment \(segmentIndex) of the prefix is longer than 16 characters" }
        }
        if segmentLength < 2 { return "segment \(segmentIndex) of the prefix is shorter than 2 characters" }
        return nil
    }
}
