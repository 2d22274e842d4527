import Foundation
import KeywardCore
import KeywardStore
import Synchronization

/// A store that forwards to a real one and counts the verification lookups, to
/// prove what never reaches storage (malformed keys) and what the cache answers.
final class CountingStore: Store {
    let base: any Store
    private let lookups = Mutex(0)

    init(_ base: any Store) { self.base = base }

    var keyLookups: Int { lookups.withLock { $0 } }

    func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        lookups.withLock { $0 += 1 }
        return try await base.verifiableKey(hash: hash)
    }

    func isEmpty() async throws -> Bool { try await base.isEmpty() }
    func systemValue(_ name: String) async throws -> [UInt8]? { try await base.systemValue(name) }
    func setSystemValue(_ name: String, _ value: [UInt8]) async throws { try await base.setSystemValue(name, value) }
    func insertKeyspace(_ keyspace: Keyspace) async throws { try await base.insertKeyspace(keyspace) }
    func keyspace(idOrName: String) async throws -> Keyspace? { try await base.keyspace(idOrName: idOrName) }
    func listKeyspaces(_ page: PageRequest) async throws -> Page<Keyspace> { try await base.listKeyspaces(page) }
    func updateKeyspace(_ keyspace: Keyspace) async throws { try await base.updateKeyspace(keyspace) }
    func deleteKeyspace(id: String) async throws -> Bool { try await base.deleteKeyspace(id: id) }
    func insertKey(_ key: KeyRecord) async throws { try await base.insertKey(key) }
    func key(id: String) async throws -> KeyRecord? { try await base.key(id: id) }
    func listKeys(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord> { try await base.listKeys(filter, page) }
    func updateKey(_ key: KeyRecord) async throws { try await base.updateKey(key) }
    func deleteKey(id: String) async throws -> KeyRecord? { try await base.deleteKey(id: id) }
    func recordLastUsed(_ times: [String: Date]) async throws { try await base.recordLastUsed(times) }
    func insertToken(_ token: TokenRecord) async throws { try await base.insertToken(token) }
    func token(id: String) async throws -> TokenRecord? { try await base.token(id: id) }
    func token(hash: KeyHash) async throws -> TokenRecord? { try await base.token(hash: hash) }
    func listTokens(_ page: PageRequest) async throws -> Page<TokenRecord> { try await base.listTokens(page) }
    func updateToken(_ token: TokenRecord) async throws { try await base.updateToken(token) }
    func tokenCount() async throws -> Int { try await base.tokenCount() }
    func close() async throws { try await base.close() }
}
