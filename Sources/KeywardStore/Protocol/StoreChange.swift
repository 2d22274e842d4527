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
///
/// A feed is complete while it is known to carry every change: always for a
/// store that one process owns; for a shared database only while this node
/// listens to the others' notifications. While it is not, caches answer
/// nothing and every lookup goes to the store.
public final class StoreChangeFeed: Sendable {
    public typealias Listener = @Sendable (StoreChange) -> Void
    private let listeners = Mutex<[Listener]>([])
    /// Read on every verification, so an atomic; `since` changes with it, under its lock.
    private let complete: Atomic<Bool>
    private let since: Mutex<ContinuousClock.Instant?>

    public init(complete: Bool = true) {
        self.complete = Atomic(complete)
        since = Mutex(complete ? nil : .now)
    }

    /// Whether every committed change reaches this feed (see above).
    public var isComplete: Bool { complete.load(ordering: .acquiring) }

    /// Since when the feed has been incomplete (on the monotonic clock); nil
    /// while it is complete. What a cache held at that moment was current then.
    public var incompleteSince: ContinuousClock.Instant? { since.withLock { $0 } }

    /// Marks the feed complete or not. A backend that was not listening
    /// publishes `.everything` before it marks the feed complete again.
    public func setComplete(_ value: Bool) {
        since.withLock { start in
            if value {
                start = nil
            } else if start == nil {
                start = .now
            }
            complete.store(value, ordering: .releasing)
        }
    }

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
