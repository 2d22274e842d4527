import Synchronization

/// Parsed scope queries by their text. A gateway sends the same few queries
/// on every request (`X-Keyward-Scopes`), and parsing one cost more than the
/// rest of a verification's checks together. Only queries that parse are
/// kept; at `capacity` the cache starts over, so a flood of distinct queries
/// costs parsing, as without the cache, and never memory.
public final class ScopeQueryCache: Sendable {
    private let parsed = Mutex<[String: ScopeQuery]>([:])
    private let capacity: Int

    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The query for `text`, parsed once; a bad one throws as `ScopeQuery(parsing:field:)` does.
    public func query(_ text: String, field: String) throws(KeywardError) -> ScopeQuery {
        if let query = parsed.withLock({ $0[text] }) { return query }
        let query = try ScopeQuery(parsing: text, field: field)
        parsed.withLock { parsed in
            if parsed.count >= capacity { parsed.removeAll(keepingCapacity: true) }
            parsed[text] = query
        }
        return query
    }

    /// How many queries are kept (for tests).
    public var count: Int { parsed.withLock { $0.count } }
}
