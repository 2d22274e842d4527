import Foundation
import KeywardCore
import Logging

/// The embedded store: one SQLite file (`SQLiteDatabase`) under the shared SQL store.
public enum SQLiteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public static func open(path: String, logger: Logger = Logger(label: "keyward.store")) async throws -> SQLStore {
        let store = SQLStore(database: try await SQLiteDatabase.open(path: path, logger: logger))
        do {
            try await store.migrate(SQLiteSchema.migrations)
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }
}
