import KeywardCore
import Synchronization

/// An in-memory cache in front of the store, keyed by the keyed hash of a key
/// or token, so verification of a known key costs one HMAC and one lookup.
///
/// It remembers misses too (a key that is not found stays not found until a key
/// with that hash is created, which invalidates it). Every change to a record
/// invalidates its hash; a fill started before an invalidation is dropped (the
/// generation check), so a revoke can never be undone by a slow concurrent read.
public final class VerificationCache<Value: Sendable>: Sendable {
    private struct State {
        var entries: [KeyHash: Value?] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Entries held at most; past it the cache starts over (cheap and bounded).
    public let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// The cached answer: `.some(value)`, `.some(nil)` for a known miss, or nil
    /// when the store must be asked.
    public func lookup(_ hash: KeyHash) -> Value?? {
        state.withLock { $0.entries[hash] }
    }

    /// Returns the cached answer or loads it with `load`, caching the result.
    public func value(for hash: KeyHash, load: (KeyHash) async throws -> Value?) async throws -> Value? {
        if let cached = lookup(hash) { return cached }
        let generation = state.withLock { $0.generation }
        let loaded = try await load(hash)
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[hash] = .some(loaded)
        }
        return loaded
    }

    /// Forgets `hash` and makes every fill in flight stale.
    public func invalidate(_ hash: KeyHash) {
        state.withLock { state in
            state.generation &+= 1
            state.entries[hash] = nil
        }
    }

    /// Forgets everything (a keyspace rename, a change seen from another node).
    public func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.entries.removeAll()
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
