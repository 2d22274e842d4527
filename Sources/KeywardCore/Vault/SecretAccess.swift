/// Who may read or write which vault secrets (SPEC §3, §11): management scopes
/// `secrets:read:<glob>` and `secrets:write:<glob>`.
///
/// - The glob is matched against the path segment by segment: `*` matches one
///   segment, a trailing `*` one or more remaining segments (`payments/*`
///   grants `payments/stripe/live`, not `payments`); any other segment matches
///   itself exactly (a `*` inside a segment, as in `pay*`, is a literal).
/// - `secrets:read` or `secrets:write` without a glob covers every path.
/// - A `write` scope also grants `read` on the same paths, as the other write
///   scopes do; `secrets:*` grants both everywhere; `admin` grants everything.
public enum SecretAccess {
    public enum Action: String, Sendable {
        case read
        case write
    }

    public static func allows(_ held: [Scope], _ action: Action, path: SecretPath) -> Bool {
        held.contains { grants($0, action, path: path) }
    }

    /// Whether `path` matches `glob` as a scope's glob does (`payments/*`).
    public static func matches(_ glob: String, _ path: SecretPath) -> Bool {
        matches(glob: glob[...], path: path)
    }

    /// Whether `held` reaches any secret at all (to list the ones it may read).
    public static func reachesAny(_ held: [Scope]) -> Bool {
        held.contains { scope in scope.segments == ["admin"] || scope.segments.first == "secrets" }
    }

    static func grants(_ scope: Scope, _ action: Action, path: SecretPath) -> Bool {
        let segments = scope.segments
        if segments == ["admin"] { return true }
        guard segments.first == "secrets", segments.count >= 2, segments.count <= 3 else { return false }
        let granted = segments[1]
        guard granted == "*" || granted == Substring(action.rawValue) || (action == .read && granted == "write") else { return false }
        // `secrets:*` and `secrets:read`: every path.
        guard segments.count == 3 else { return true }
        return matches(glob: segments[2], path: path)
    }

    static func matches(glob: Substring, path: SecretPath) -> Bool {
        let pattern = glob.split(separator: "/", omittingEmptySubsequences: false)
        let parts = path.segments
        for (index, segment) in pattern.enumerated() {
            if segment == "*" && index == pattern.count - 1 { return parts.count > index }
            guard index < parts.count else { return false }
            if segment != "*" && segment != parts[index] { return false }
        }
        return pattern.count == parts.count
    }
}
