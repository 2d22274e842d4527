import KeywardCore

/// The lookups verification makes on every request, answered from memory:
/// keys and management tokens by their keyed hash. The caches hear of every
/// committed change through the store's change feed, so no caller ever
/// invalidates by hand.
public final class CachedLookups: Sendable {
    public let store: any Store
    public let keys: VerificationCache<VerifiableKey>
    public let tokens: VerificationCache<TokenRecord>
    /// Which hashes may belong to a key: a guess is `NOT_FOUND` without the store.
    public let knownKeys = KnownKeyFilter()
    /// False when built with a capacity of 0: every key is read from the store
    /// (`serve --key-cache-size 0`, to measure the cold path).
    public let cachesKeys: Bool

    /// Keys held at most unless told otherwise.
    public static let defaultKeyCapacity = 100_000
    /// The most `serve --key-cache-size` accepts (a few hundred bytes each).
    public static let largestKeyCapacity = 10_000_000

    public init(store: any Store, capacity: Int = defaultKeyCapacity, missCapacity: Int = 10_000) {
        self.store = store
        cachesKeys = capacity > 0
        let keys = VerificationCache<VerifiableKey>(capacity: capacity, missCapacity: missCapacity)
        let tokens = VerificationCache<TokenRecord>(capacity: 10_000, missCapacity: 1_000)
        self.keys = keys
        self.tokens = tokens
        let knownKeys = knownKeys
        store.changes.subscribe { change in
            switch change {
            case .key(let hash):
                // A new key is heard of here, before its creation is answered.
                if knownKeys.insert(hash) { Task { try? await knownKeys.rebuild(from: store) } }
                keys.invalidate(hash)
            case .token(let hash): tokens.invalidate(hash)
            // Cached keys carry their keyspace's name and settings.
            case .keyspace: keys.invalidateAll()
            case .everything:
                knownKeys.invalidateAll()
                Task { try? await knownKeys.rebuild(from: store) }
                keys.invalidateAll()
                tokens.invalidateAll()
            }
        }
    }

    /// Builds the filter of known keys from the store (at start).
    public func prepare() async throws {
        try await knownKeys.rebuild(from: store)
    }

    /// The key with this hash, from the cache or the store; from the store
    /// alone while the store's change feed may miss changes.
    public func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        if let known = knownKey(hash: hash) { return known }
        return try await loadKey(hash: hash)
    }

    /// The key with this hash from the store, after `knownKey` had no answer;
    /// cached unless the feed may miss changes.
    public func loadKey(hash: KeyHash) async throws -> VerifiableKey? {
        guard store.changes.isComplete, cachesKeys else { return try await store.verifiableKey(hash: hash) }
        return try await keys.fill(hash) { hash in try await store.verifiableKey(hash: hash) }
    }

    /// The answer from memory alone, without a suspension: `.some(key)`,
    /// `.some(nil)` for a hash that no key has, or nil when only the store
    /// can answer (`verifiableKey(hash:)` then asks it). Nearly every
    /// verification is answered here.
    public func knownKey(hash: KeyHash) -> VerifiableKey?? {
        guard store.changes.isComplete else { return nil }
        guard knownKeys.mightContain(hash) else { return .some(nil) }
        guard cachesKeys else { return nil }
        return keys.lookup(hash)
    }

    /// While the store's feed is incomplete (the node cannot hear the others'
    /// changes): the key with this hash as cached before then, when its
    /// keyspace fails open and the outage is still inside its window
    /// (`FailOpenWindow`); nil otherwise. Verification asks only once the
    /// store itself has not answered.
    public func keyThroughOutage(hash: KeyHash) -> VerifiableKey? {
        guard let since = store.changes.incompleteSince, case .some(.some(let key)) = keys.lookup(hash) else { return nil }
        return FailOpenWindow.permits(key.failOpenFor, outageAge: .now - since) ? key : nil
    }

    /// The management token with this hash, from the cache or the store (the store alone while the feed may miss changes).
    public func token(hash: KeyHash) async throws -> TokenRecord? {
        guard store.changes.isComplete else { return try await store.token(hash: hash) }
        return try await tokens.value(for: hash) { hash in try await store.token(hash: hash) }
    }
}
