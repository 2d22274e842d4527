import KeywardCore

/// The lookups verification makes on every request, answered from memory:
/// keys and management tokens by their keyed hash. The caches hear of every
/// committed change through the store's change feed, so no caller ever
/// invalidates by hand.
public final class CachedLookups: Sendable {
    public let store: any Store
    public let keys: VerificationCache<VerifiableKey>
    public let tokens: VerificationCache<TokenRecord>

    public init(store: any Store, capacity: Int = 100_000, missCapacity: Int = 10_000) {
        self.store = store
        let keys = VerificationCache<VerifiableKey>(capacity: capacity, missCapacity: missCapacity)
        let tokens = VerificationCache<TokenRecord>(capacity: 10_000, missCapacity: 1_000)
        self.keys = keys
        self.tokens = tokens
        store.changes.subscribe { change in
            switch change {
            case .key(let hash): keys.invalidate(hash)
            case .token(let hash): tokens.invalidate(hash)
            // Cached keys carry their keyspace's name and settings.
            case .keyspace: keys.invalidateAll()
            case .everything:
                keys.invalidateAll()
                tokens.invalidateAll()
            }
        }
    }

    /// The key with this hash, from the cache or the store.
    public func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        try await keys.value(for: hash) { hash in try await store.verifiableKey(hash: hash) }
    }

    /// The management token with this hash, from the cache or the store.
    public func token(hash: KeyHash) async throws -> TokenRecord? {
        try await tokens.value(for: hash) { hash in try await store.token(hash: hash) }
    }
}
