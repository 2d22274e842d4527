/// A scope such as `docs:read` or `keys:*`: segments separated by `:`.
///
/// As a grant, a `*` segment matches any one segment and a trailing `*` one or
/// more remaining segments, so `docs:*` grants `docs:read` and `docs:read:own`
/// but not `docs`. Scopes are case-sensitive.
public struct Scope: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let rawValue: String
    public let segments: [Substring]
    /// Whether a segment is `*`; without one, a scope grants only itself.
    let hasWildcard: Bool

    public static let maximumLength = 200
    public static let maximumSegments = 16

    public init(parsing text: String, field: String? = nil) throws(KeywardError) {
        if let problem = Scope.problem(in: text) {
            // The text is not echoed: a caller may have pasted a key where a scope belongs.
            throw KeywardError(.invalidScope, "not a scope: \(problem)", field: field)
        }
        self.rawValue = text
        self.segments = text.split(separator: ":", omittingEmptySubsequences: false)
        self.hasWildcard = segments.contains("*")
    }

    public var description: String { rawValue }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether holding this scope grants `required`.
    public func grants(_ required: Scope) -> Bool {
        // The common case, on every verification with a scope query: one comparison.
        if rawValue == required.rawValue { return true }
        guard hasWildcard else { return false }
        let granted = segments
        let wanted = required.segments
        for (index, segment) in granted.enumerated() {
            let isLast = index == granted.count - 1
            if segment == "*" && isLast { return wanted.count > index }
            guard index < wanted.count else { return false }
            if segment != "*" && segment != wanted[index] { return false }
        }
        return granted.count == wanted.count
    }

    static func problem(in text: String) -> String? {
        if text.isEmpty { return "it is empty" }
        if KeyShape.occurs(in: Substring(text)) { return "it has the shape of an API key; a scope must never hold a key" }
        if text.utf8.count > maximumLength { return "it is longer than \(maximumLength) characters" }
        let segments = text.split(separator: ":", omittingEmptySubsequences: false)
        if segments.count > maximumSegments { return "it has more than \(maximumSegments) segments" }
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty { return "segment \(index + 1) is empty" }
            for byte in segment.utf8 where !isAllowed(byte) {
                return "segment \(index + 1) holds a character other than A-Z a-z 0-9 . _ - / *"
            }
        }
        return nil
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        Base62.isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "*")
    }
}

extension Sequence where Element == Scope {
    /// Whether any scope of the sequence grants `required`.
    public func grants(_ required: Scope) -> Bool {
        contains { $0.grants(required) }
    }
}
