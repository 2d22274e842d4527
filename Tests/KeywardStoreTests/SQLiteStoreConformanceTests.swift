import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

@Suite("SQLite store")
struct SQLiteStoreConformanceTests {
    /// One case at a time: run side by side, the cases held about 1,600 SQLite file
    /// descriptors at once, and Foundation's `Process.run()` (the end-to-end tests
    /// start the binary beside them) overruns a buffer while it walks that many
    /// open descriptors, crashing the test process.
    @Test("conformance", .serialized, arguments: StoreConformance.cases)
    func conformance(_ check: StoreConformance.Case) async throws {
        let folder = try TemporaryFolder("keyward-sqlite")
        defer { folder.remove() }
        try await check.run { try await SQLiteStore.open(path: folder.file("keyward.db")) }
    }

    @Test("records survive closing and reopening the file")
    func reopen() async throws {
        let folder = try TemporaryFolder("keyward-sqlite")
        defer { folder.remove() }
        let path = folder.file("keyward.db")
        let keyspace = RecordFixtures.keyspace(name: "durable")
        let (_, key) = RecordFixtures.key(in: keyspace)
        let store = try await SQLiteStore.open(path: path)
        try await store.insertKeyspace(keyspace)
        try await store.insertKey(key)
        try await store.close()

        let reopened = try await SQLiteStore.open(path: path)
        #expect(try await reopened.key(id: key.id) == key)
        #expect(try await reopened.keyspace(idOrName: "durable") == keyspace)
        try await reopened.close()
    }

    @Test("a store closed under reads and writes waits for the statements under way; later ones fail with UNAVAILABLE")
    func closeUnderLoad() async throws {
        let folder = try TemporaryFolder("keyward-sqlite")
        defer { folder.remove() }
        let keyspace = RecordFixtures.keyspace(name: "closing")
        let (_, key) = RecordFixtures.key(in: keyspace)
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        try await store.insertKeyspace(keyspace)
        try await store.insertKey(key)
        // Readers and a writer that run until the store refuses them: closed under
        // a running statement, or used after, SQLite reads freed memory and the
        // process crashes (a keyring refresh did, beside a test that closed its store).
        let refusals = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<6 {
                group.addTask {
                    for round in 0..<100_000 {
                        do {
                            if worker == 0 {
                                try await store.setSystemValue("w\(round % 10)", [UInt8(round % 256)])
                            } else {
                                _ = try await store.key(id: key.id)
                            }
                        } catch let error as KeywardError {
                            #expect(error.code == .unavailable, "\(error)")
                            return 1
                        }
                    }
                    return 0
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            try await store.close()
            return try await group.reduce(0, +)
        }
        #expect(refusals == 6, "every worker met the closed store")
        await #expect(throws: KeywardError.self) { _ = try await store.key(id: key.id) }
        try await store.close()
    }

    @Test("the database file is readable by its owner only")
    func fileMode() async throws {
        let folder = try TemporaryFolder("keyward-sqlite")
        defer { folder.remove() }
        let path = folder.file("keyward.db")
        let store = try await SQLiteStore.open(path: path)
        try await store.setSystemValue("x", [1])
        try await store.close()
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a file that is not a database is a clear error")
    func notADatabase() async throws {
        let folder = try TemporaryFolder("keyward-sqlite")
        defer { folder.remove() }
        let path = folder.file("keyward.db")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        do {
            let store = try await SQLiteStore.open(path: path)
            try? await store.close()
            Issue.record("opening a non-database file succeeded")
        } catch let error as KeywardError {
            #expect(error.code == .storageFailure)
            #expect(error.message.contains(path))
        }
    }
}
