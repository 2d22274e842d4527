/// The reads that run on a hot path with fixed text, which a backend may
/// prepare once per connection (PostgreSQL then parses and plans each once,
/// not on every call). Their columns are named one by one, so a prepared
/// statement keeps its result's shape when a migration adds a column.
enum SQLPreparedRead: Sendable {
    /// A key and its keyspace's settings by the key's hash: a verification's cache miss.
    case verifiableKey

    var sql: String {
        switch self {
        case .verifiableKey: SQLStore.verifiableKeySQL
        }
    }
}
