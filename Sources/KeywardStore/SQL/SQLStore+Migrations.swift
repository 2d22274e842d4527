import Foundation
import KeywardCore

extension SQLStore {
    /// Applies the migrations this database has not seen yet, each in its own transaction.
    func migrate(_ migrations: [(version: Int, statements: [String])]) async throws {
        _ = try await transaction { writer in
            try await writer.query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)")
        }
        let applied = Set(try await read("SELECT version FROM schema_migrations").map { try $0.int("version") })
        for migration in migrations where !applied.contains(migration.version) {
            try await transaction { writer in
                // Nodes starting together on one PostgreSQL: the first applies it, the others see it applied.
                let done = try await writer.query("SELECT 1 AS applied FROM schema_migrations WHERE version = ?", [.integer(migration.version)])
                guard done.isEmpty else { return }
                for statement in migration.statements {
                    try await writer.query(statement)
                }
                try await writer.query(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                    [.integer(migration.version), .time(Date())]
                )
            }
        }
        try await fillRotationPeriods()
    }

    /// Sets `rotation_period_ms` where a keyspace written before migration 5 lacks it.
    private func fillRotationPeriods() async throws {
        let rows = try await read("SELECT id, rotation_period FROM keyspaces WHERE rotation_period IS NOT NULL AND rotation_period_ms IS NULL")
        guard !rows.isEmpty else { return }
        try await transaction { writer in
            for row in rows {
                let period = try DurationText(parsing: try row.string("rotation_period"))
                try await writer.query(
                    "UPDATE keyspaces SET rotation_period_ms = ? WHERE id = ?", [.integer(Int(period.seconds * 1000)), .text(try row.string("id"))])
            }
        }
    }
}
