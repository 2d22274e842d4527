/// Where a keyspace's rate limits are counted (SPEC §11): `local`, each node
/// alone in memory (no round trip); `global`, one count across every node of a
/// shared PostgreSQL store, in the database. On SQLite both mean one node.
public enum RateLimitMode: String, Sendable, Equatable, CaseIterable {
    case local
    case global

    public init(parsing text: String, field: String) throws(KeywardError) {
        guard let mode = RateLimitMode(rawValue: text) else {
            throw KeywardError(.invalidField, "expected local or global", field: field)
        }
        self = mode
    }
}
