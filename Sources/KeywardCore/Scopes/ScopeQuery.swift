/// A scope query: required scopes combined with `AND`, `OR` and parentheses,
/// such as `docs:read AND (billing:read OR admin)`. `AND` binds tighter than
/// `OR`; operators are upper-case (SPEC §11).
public indirect enum ScopeQuery: Sendable, Equatable, CustomStringConvertible {
    case scope(Scope)
    case all([ScopeQuery])
    case any([ScopeQuery])

    /// Whether `granted` scopes satisfy the query.
    public func isSatisfied(by granted: [Scope]) -> Bool {
        switch self {
        case .scope(let required): granted.grants(required)
        case .all(let parts): parts.allSatisfy { $0.isSatisfied(by: granted) }
        case .any(let parts): parts.contains { $0.isSatisfied(by: granted) }
        }
    }

    public var description: String {
        switch self {
        case .scope(let scope): scope.rawValue
        case .all(let parts): parts.map { $0.isOr ? "(\($0))" : "\($0)" }.joined(separator: " AND ")
        case .any(let parts): parts.map(\.description).joined(separator: " OR ")
        }
    }

    private var isOr: Bool {
        if case .any = self { return true }
        return false
    }
}

extension ScopeQuery {
    public static let maximumLength = 2_000
    static let maximumDepth = 32

    /// Parses `text`; a bad query throws `INVALID_SCOPE_QUERY` naming the column.
    public init(parsing text: String, field: String? = nil) throws(KeywardError) {
        guard text.utf8.count <= ScopeQuery.maximumLength else {
            throw KeywardError(.invalidScopeQuery, "the scope query is longer than \(ScopeQuery.maximumLength) characters", field: field)
        }
        var parser = ScopeQueryParser(text: text, field: field)
        self = try parser.parseQuery()
    }
}

extension KeywardError.Code {
    public static let invalidScopeQuery = Self("INVALID_SCOPE_QUERY", .invalidInput)
}

/// Recursive descent over tokens: query := term (OR term)*; term := factor (AND factor)*;
/// factor := scope | "(" query ")".
struct ScopeQueryParser {
    enum Token: Equatable {
        case scope(String)
        case and, or, open, close
    }

    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0
    private var depth = 0
    private let field: String?
    private let endColumn: Int

    init(text: String, field: String?) {
        self.field = field
        var tokens: [(Token, Int)] = []
        var current = ""
        var currentStart = 0
        var column = 0
        func flush() {
            guard !current.isEmpty else { return }
            switch current {
            case "AND": tokens.append((.and, currentStart))
            case "OR": tokens.append((.or, currentStart))
            default: tokens.append((.scope(current), currentStart))
            }
            current = ""
        }
        for character in text {
            column += 1
            switch character {
            case "(":
                flush()
                tokens.append((.open, column))
            case ")":
                flush()
                tokens.append((.close, column))
            case " ", "\t":
                flush()
            default:
                if current.isEmpty { currentStart = column }
                current.append(character)
            }
        }
        flush()
        self.tokens = tokens
        self.endColumn = column + 1
    }

    mutating func parseQuery() throws(KeywardError) -> ScopeQuery {
        guard !tokens.isEmpty else { throw fail("the scope query is empty", at: 1) }
        let query = try parseOr()
        if position < tokens.count {
            let (token, column) = tokens[position]
            throw fail(token == .close ? "unbalanced ) at column \(column)" : "expected AND or OR at column \(column)", at: column)
        }
        return query
    }

    private mutating func parseOr() throws(KeywardError) -> ScopeQuery {
        var parts = [try parseAnd()]
        while position < tokens.count, tokens[position].token == .or {
            position += 1
            parts.append(try parseAnd(after: "OR"))
        }
        return parts.count == 1 ? parts[0] : .any(parts)
    }

    private mutating func parseAnd(after operatorName: String? = nil) throws(KeywardError) -> ScopeQuery {
        var parts = [try parseFactor(after: operatorName)]
        while position < tokens.count, tokens[position].token == .and {
            position += 1
            parts.append(try parseFactor(after: "AND"))
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    private mutating func parseFactor(after operatorName: String?) throws(KeywardError) -> ScopeQuery {
        let expected = operatorName.map { "expected a scope after \($0)" } ?? "expected a scope"
        guard position < tokens.count else { throw fail("\(expected) at column \(endColumn)", at: endColumn) }
        let (token, column) = tokens[position]
        switch token {
        case .scope(let text):
            position += 1
            if text.lowercased() == "and" || text.lowercased() == "or" {
                throw fail("operators are upper-case: use \(text.uppercased()) at column \(column)", at: column)
            }
            do {
                return .scope(try Scope(parsing: text))
            } catch {
                throw fail("\(error.message) at column \(column)", at: column)
            }
        case .open:
            position += 1
            depth += 1
            guard depth <= ScopeQuery.maximumDepth else { throw fail("parentheses nest deeper than \(ScopeQuery.maximumDepth)", at: column) }
            let inner = try parseOr()
            guard position < tokens.count, tokens[position].token == .close else {
                throw fail("expected ) to close the ( at column \(column)", at: column)
            }
            position += 1
            depth -= 1
            return inner
        case .close, .and, .or:
            throw fail("\(expected) at column \(column)", at: column)
        }
    }

    private func fail(_ message: String, at column: Int) -> KeywardError {
        KeywardError(.invalidScopeQuery, message, field: field)
    }
}
