import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

/// A verification's cache miss is a statement prepared once per connection.
@Suite(
    "PostgreSQL prepared reads", .needsPostgres,
    .timeLimit(.minutes(2)))
struct PostgresPreparedReadTests {
    @Test("the prepared key read answers after a migration adds columns to the tables it reads, on the connection that prepared it")
    func survivesAddedColumns() async throws {
        let url = try await ThrowawayPostgres.shared.newDatabase()
        // One connection: the read after the change runs where the statement was prepared.
        let store = try await PostgresStore.open(url: url, poolSize: 1)
        do {
            let keyspace = RecordFixtures.keyspace(name: "rolling")
            try await store.insertKeyspace(keyspace)
            let (secret, key) = RecordFixtures.key(in: keyspace)
            try await store.insertKey(key)
            let hash = RecordFixtures.hasher.hash(secret)
            #expect(try await store.verifiableKey(hash: hash)?.record == key)
            // What a newer node's migration might do while this one serves.
            try await ThrowawayPostgres.shared.execute(
                ["ALTER TABLE keys ADD COLUMN added_later TEXT", "ALTER TABLE keyspaces ADD COLUMN also_later BIGINT"], database: url.database)
            for _ in 0..<3 {
                let found = try await store.verifiableKey(hash: hash)
                #expect(found?.record == key)
                #expect(found?.keyspaceName == "rolling")
            }
            let (unknown, _) = RecordFixtures.key(in: keyspace)
            #expect(try await store.verifiableKey(hash: RecordFixtures.hasher.hash(unknown)) == nil)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
