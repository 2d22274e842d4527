import KeywardCore
import Synchronization

/// An in-memory cache in front of the store, keyed by the keyed hash of a key
/// or token, so verification of a known key costs one HMAC and one lookup.
///
/// Hits and misses live apart. Found records sit in two generations: new
/// entries go into the young one; when it is full it becomes the old one and
/// the previous old one is dropped; a hit in the old generation moves the
/// entry back into the young one. So eviction follows recency, memory is
/// bounded by `capacity`, and the cache is never emptied at once. Misses (well
/// formed keys that match nothing) go into their own smaller, equally bounded
/// generations: a flood of made-up keys churns only those and never evicts a
/// hot key.
///
/// Every change to a record invalidates its hash; a fill started before an
/// invalidation is dropped (the generation check), so a revoke can never be
/// undone by a slow concurrent read.
public final class VerificationCache<Value: Sendable>: Sendable {
    private struct State {
        var found: Generations<Value>
        var missing: Generations<Void>
        var generation: UInt64 = 0
        var statistics = Statistics()
    }

    /// Lookups since start: answered from memory (a record or a known miss), or sent to the store.
    public struct Statistics: Sendable, Equatable {
        public var hits: Int64 = 0
        public var misses: Int64 = 0

        public init(hits: Int64 = 0, misses: Int64 = 0) {
            self.hits = hits
            self.misses = misses
        }
    }

    private let state: Mutex<State>
    /// Found records held at most.
    public let capacity: Int
    /// Misses held at most.
    public let missCapacity: Int

    public init(capacity: Int = 100_000, missCapacity: Int = 10_000) {
        self.capacity = max(2, capacity)
        self.missCapacity = max(2, missCapacity)
        state = Mutex(State(found: Generations(half: self.capacity / 2), missing: Generations(half: self.missCapacity / 2)))
    }

    /// The cached answer: `.some(value)`, `.some(nil)` for a known miss, or nil
    /// when the store must be asked.
    public func lookup(_ hash: KeyHash) -> Value?? {
        state.withLock { state in
            if let value = state.found.get(hash) {
                state.statistics.hits += 1
                return .some(value)
            }
            if state.missing.get(hash) != nil {
                state.statistics.hits += 1
                return .some(nil)
            }
            state.statistics.misses += 1
            return nil
        }
    }

    /// Returns the cached answer or loads it with `load`, caching the result.
    public func value(for hash: KeyHash, load: (KeyHash) async throws -> Value?) async throws -> Value? {
        if let cached = lookup(hash) { return cached }
        return try await fill(hash, load: load)
    }

    /// Loads the answer for `hash` with `load` and caches it, unless an
    /// invalidation came in the meantime (after `lookup` found nothing).
    public func fill(_ hash: KeyHash, load: (KeyHash) async throws -> Value?) async throws -> Value? {
        let generation = state.withLock { $0.generation }
        let loaded = try await load(hash)
        state.withLock { state in
            guard state.generation == generation else { return }
            if let loaded {
                state.found.insert(hash, loaded)
            } else {
                state.missing.insert(hash, ())
            }
        }
        return loaded
    }

    /// Forgets `hash` and makes every fill in flight stale.
    public func invalidate(_ hash: KeyHash) {
        state.withLock { state in
            state.generation &+= 1
            state.found.remove(hash)
            state.missing.remove(hash)
        }
    }

    /// Forgets everything (a keyspace change, a change seen from another node).
    public func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.found.removeAll()
            state.missing.removeAll()
        }
    }

    /// Hits and misses counted since start (`/metrics`).
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// Found records and misses held now.
    public var count: (found: Int, missing: Int) {
        state.withLock { ($0.found.count, $0.missing.count) }
    }
}

/// Two dictionaries used as a recency approximation of LRU (see `VerificationCache`).
private struct Generations<Value> {
    var young: [KeyHash: Value] = [:]
    var old: [KeyHash: Value] = [:]
    let half: Int

    init(half: Int) {
        self.half = max(1, half)
    }

    mutating func get(_ hash: KeyHash) -> Value? {
        if let value = young[hash] { return value }
        guard let value = old.removeValue(forKey: hash) else { return nil }
        insert(hash, value)
        return value
    }

    mutating func insert(_ hash: KeyHash, _ value: Value) {
        if young[hash] == nil && young.count >= half {
            old = young
            young = Dictionary(minimumCapacity: half)
        }
        young[hash] = value
    }

    mutating func remove(_ hash: KeyHash) {
        young[hash] = nil
        old[hash] = nil
    }

    mutating func removeAll() {
        young.removeAll()
        old.removeAll()
    }

    var count: Int { young.count + old.count }
}
