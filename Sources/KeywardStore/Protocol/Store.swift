import Foundation
import KeywardCore

/// Where Keyward keeps its records. Few requirements, each one statement of
/// intent; every backend (SQLite now, PostgreSQL next) passes the same
/// conformance suite in KeywardTesting. Nothing here assumes a backend.
///
/// Errors are `KeywardError`s: `ALREADY_EXISTS` for a taken name, `NOT_FOUND`
/// for an update of a missing record, `STORAGE_FAILURE` for the rest. A call
/// that returns has made its change durable.
public protocol Store: Sendable {
    /// Whether the store holds no keyring yet (a new installation).
    func isEmpty() async throws -> Bool

    /// A value of the key hierarchy (the sealed keyring, the wrapped pepper).
    func systemValue(_ name: String) async throws -> [UInt8]?
    /// Sets it, replacing any previous value.
    func setSystemValue(_ name: String, _ value: [UInt8]) async throws

    func insertKeyspace(_ keyspace: Keyspace) async throws
    /// A keyspace by id or by name.
    func keyspace(idOrName: String) async throws -> Keyspace?
    func listKeyspaces(_ page: PageRequest) async throws -> Page<Keyspace>
    func updateKeyspace(_ keyspace: Keyspace) async throws
    /// Deletes an empty keyspace; `CONFLICT` when it still has keys. False when missing.
    func deleteKeyspace(id: String) async throws -> Bool

    func insertKey(_ key: KeyRecord) async throws
    func key(id: String) async throws -> KeyRecord?
    /// The key with this hash, with its keyspace's name, for verification.
    func verifiableKey(hash: KeyHash) async throws -> VerifiableKey?
    func listKeys(_ filter: KeyFilter, _ page: PageRequest) async throws -> Page<KeyRecord>
    func updateKey(_ key: KeyRecord) async throws
    /// Deletes the key record and returns what it was, or nil when missing.
    func deleteKey(id: String) async throws -> KeyRecord?
    /// Sets `lastUsedAt` of many keys at once (the usage recorder flushes here).
    func recordLastUsed(_ times: [String: Date]) async throws

    func insertToken(_ token: TokenRecord) async throws
    func token(id: String) async throws -> TokenRecord?
    func token(hash: KeyHash) async throws -> TokenRecord?
    func listTokens(_ page: PageRequest) async throws -> Page<TokenRecord>
    func updateToken(_ token: TokenRecord) async throws
    /// How many tokens exist (0 on a new installation).
    func tokenCount() async throws -> Int

    /// Releases connections.
    func close() async throws
}
