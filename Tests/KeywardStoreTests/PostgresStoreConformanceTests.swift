import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Testing

/// The store conformance suite on a real PostgreSQL (`ThrowawayPostgres`),
/// one fresh database per case. One case at a time, as SQLite's: side by
/// side, 58 cases creating databases and pools at once took three times as
/// long on two cores.
@Suite("PostgreSQL store", .needsPostgres, .timeLimit(.minutes(5)))
struct PostgresStoreConformanceTests {
    @Test("conformance", .serialized, arguments: StoreConformance.cases)
    func conformance(_ check: StoreConformance.Case) async throws {
        let url = try await ThrowawayPostgres.shared.newDatabase()
        try await check.run { try await PostgresStore.open(url: url, poolSize: 4) }
    }
}
