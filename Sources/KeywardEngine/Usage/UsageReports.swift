import Foundation
import KeywardCore
import KeywardStore

/// Reads usage back (SPEC §5 `GET /v1/keys/{id}/usage`): every bucket of the
/// asked range, empty ones included, counts per code.
public struct UsageReports: Sendable {
    let store: any Store
    let keys: KeyService
    let keyspaces: KeyspaceService

    /// The usage of key `id`; `NOT_FOUND` when there is no such key.
    public func key(_ id: String, _ query: UsageQuery) async throws -> [UsageBucket] {
        let key = try await keys.get(id)
        return query.buckets(try await store.usageCounts(.key(key.id), query))
    }

    /// The usage of every key of a keyspace (by id or name), deleted keys included.
    public func keyspace(_ idOrName: String, _ query: UsageQuery) async throws -> (Keyspace, [UsageBucket]) {
        let keyspace = try await keyspaces.get(idOrName)
        return (keyspace, query.buckets(try await store.usageCounts(.keyspace(keyspace.id), query)))
    }
}
