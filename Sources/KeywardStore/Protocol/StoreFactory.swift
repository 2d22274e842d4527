import Foundation
import KeywardCore
import Logging

/// Where the store lives, as the configuration names it.
public enum StoreLocation: Sendable, Equatable {
    /// The embedded default: one SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL database that many nodes share, with at most `poolSize` connections from this one.
    case postgres(url: PostgresURL, poolSize: Int)
}

/// Opens the backend the configuration names.
public enum StoreFactory {
    public static func open(_ location: StoreLocation, logger: Logger) async throws -> any Store {
        switch location {
        case .sqlite(let path):
            try SQLiteFolder.prepare(forDatabase: path)
            return try await SQLiteStore.open(path: path, logger: logger)
        case .postgres(let url, let poolSize):
            return try await PostgresStore.open(url: url, poolSize: poolSize, logger: logger)
        }
    }
}

/// The folder of the SQLite file: created with mode 0700 when missing, since
/// it holds the database and, by default, the master key file.
enum SQLiteFolder {
    static func prepare(forDatabase path: String) throws(KeywardError) {
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw KeywardError(.configuration, "cannot create the data folder \(folder): \(error.localizedDescription)")
        }
    }
}
