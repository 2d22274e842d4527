/// One named rate limit of a key (SPEC §3): at most `limit` units of cost in
/// any sliding window of `window`, counted per key or per owner.
public struct RateLimit: Hashable, Sendable, CustomStringConvertible {
    /// Whose uses a limit counts.
    public enum Per: String, Hashable, Sendable, Codable {
        /// The key alone (and its rotation successors).
        case key
        /// Every key with the same owner in the keyspace: one shared budget.
        case owner
    }

    public var name: String
    public var limit: Int64
    public var window: DurationText
    public var per: Per

    /// The largest `limit` accepted.
    public static let maximumLimit: Int64 = 1_000_000_000
    /// The longest `window` accepted: 30 days.
    public static let maximumWindowSeconds: Int64 = 30 * 86_400
    /// The most limits one key or keyspace may carry.
    public static let maximumCount = 16
    /// The longest name, in bytes.
    public static let maximumNameBytes = 64

    public init(name: String? = nil, limit: Int64, window: DurationText, per: Per = .key, field: String = "ratelimits") throws(KeywardError) {
        guard (1...Self.maximumLimit).contains(limit) else {
            throw KeywardError(.invalidField, "the limit must be a whole number from 1 to \(Self.maximumLimit)", field: field)
        }
        guard window.seconds <= Self.maximumWindowSeconds else {
            throw KeywardError(.invalidField, "the window must be at most 30 days", field: field)
        }
        let name = name ?? Self.text(limit: limit, window: window, per: per)
        guard !name.isEmpty, name.utf8.count <= Self.maximumNameBytes,
            name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw KeywardError(
                .invalidField, "the name must be 1 to \(Self.maximumNameBytes) printable ASCII characters without spaces", field: field)
        }
        self.name = name
        self.limit = limit
        self.window = window
        self.per = per
    }

    /// Parses the CLI form `LIMIT/WINDOW[:owner|:key]` (`100/1m`, `1000/1h:owner`);
    /// the name is the text itself (SPEC §11).
    public init(parsing text: String, field: String = "--rate") throws(KeywardError) {
        func fail(_ message: String) -> KeywardError {
            KeywardError(
                .invalidField, "\"\(text.prefix(40))\" is not a rate limit: \(message) (use forms like 100/1m or 1000/1h:owner)", field: field)
        }
        guard text.utf8.count <= 48 else { throw fail("it is longer than 48 characters") }
        var body = Substring(text)
        var per = Per.key
        if let colon = body.firstIndex(of: ":") {
            guard let given = Per(rawValue: String(body[body.index(after: colon)...])) else {
                throw fail("what follows the colon must be owner or key")
            }
            per = given
            body = body[..<colon]
        }
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw fail("expected one / between the limit and the window") }
        guard !parts[0].isEmpty, parts[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let limit = Int64(parts[0]) else {
            throw fail("the limit before / must be a whole number")
        }
        guard let window = try? DurationText(parsing: String(parts[1]), field: field) else {
            throw fail("the window after / must be a duration in s, m, h, d or w")
        }
        try self.init(name: text, limit: limit, window: window, per: per, field: field)
    }

    /// The CLI form of a limit: `100/1m`, with `:owner` for a shared one.
    public static func text(limit: Int64, window: DurationText, per: Per) -> String {
        "\(limit)/\(window.text)" + (per == .owner ? ":owner" : "")
    }

    public var description: String {
        name == Self.text(limit: limit, window: window, per: per) ? name : "\(name)=\(Self.text(limit: limit, window: window, per: per))"
    }
}

extension [RateLimit] {
    /// Checks a list of limits as a whole: not too many, names unique.
    public func validated(field: String = "ratelimits") throws(KeywardError) -> [RateLimit] {
        guard count <= RateLimit.maximumCount else {
            throw KeywardError(.invalidField, "at most \(RateLimit.maximumCount) rate limits are allowed", field: field)
        }
        var names = Set<String>()
        for (index, limit) in enumerated() where !names.insert(limit.name).inserted {
            throw KeywardError(.invalidField, "two rate limits are named \"\(limit.name)\"; names must be unique", field: "\(field)[\(index)].name")
        }
        return self
    }
}
