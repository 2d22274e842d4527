import Synchronization

/// Whether this node can reach PostgreSQL, as its listener last found, and a
/// way to wait for the moment it cannot: an operation waiting in the pool for
/// a connection ends then with `UNAVAILABLE`, woken rather than polling on a
/// timer (a timer per query cost the cold path a tenth of its time).
final class Reachability: Sendable {
    private struct State {
        var reachable = true
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    /// Read on every operation, so an atomic beside the waiters' lock.
    private let current = Atomic(true)
    private let state = Mutex(State())

    var isReachable: Bool { current.load(ordering: .acquiring) }

    func set(_ reachable: Bool) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.reachable = reachable
            current.store(reachable, ordering: .releasing)
            guard !reachable else { return [] }
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once the database is found unreachable (at once while it is),
    /// or when the calling task is cancelled.
    func untilUnreachable() async {
        let id = state.withLock { state -> Int in
            state.nextID &+= 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if !state.reachable || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
