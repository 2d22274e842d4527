import Foundation
import KeywardCore
import Logging

/// The shared store: a PostgreSQL database (`PostgresDatabase`) under the
/// shared SQL store, for any number of Keyward nodes.
public enum PostgresStore {
    /// The connections a node keeps at most, unless told otherwise.
    public static let defaultPoolSize = 10

    /// Connects to `url` and brings the schema up to date (once, when several
    /// nodes start together).
    public static func open(url: PostgresURL, poolSize: Int = defaultPoolSize, logger: Logger = Logger(label: "keyward.store")) async throws
        -> SQLStore
    {
        let store = SQLStore(database: try await PostgresDatabase.open(url: url, poolSize: poolSize, logger: logger))
        do {
            try await store.migrate(PostgresSchema.migrations)
            // Until this node listens to the others its caches are bypassed; it
            // normally listens within milliseconds, and its first `.everything`
            // is then published before anyone subscribes.
            for _ in 0..<500 where !store.changes.isComplete { try await Task.sleep(for: .milliseconds(10)) }
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }
}
