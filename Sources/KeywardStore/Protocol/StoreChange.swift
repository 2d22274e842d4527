import KeywardCore
import Synchronization

/// A committed change that caches must hear of.
public enum StoreChange: Sendable, Hashable {
    /// The key with this hash was created, changed or deleted.
    case key(KeyHash)
    /// The management token with this hash was created or changed.
    case token(KeyHash)
    /// A keyspace changed: cached keys carry its name and defaults.
    case keyspace(id: String)
    /// Anything may have changed (a lost notification connection, a restore).
    case everything
}

/// Tells subscribers of every committed change, in commit order, before the
/// write that made it returns: a revoke that returned is seen by every cache.
/// Subscribers run synchronously and must be quick (drop an entry, bump a counter).
public final class StoreChangeFeed: Sendable {
    public typealias Listener = @Sendable (StoreChange) -> Void
    private let listeners = Mutex<[Listener]>([])

    public init() {}

    public func subscribe(_ listener: @escaping Listener) {
        listeners.withLock { $0.append(listener) }
    }

    public func publish(_ changes: [StoreChange]) {
        guard !changes.isEmpty else { return }
        let current = listeners.withLock { $0 }
        for change in changes {
            for listener in current { listener(change) }
        }
    }
}
