import Synchronization

/// The changes a transaction made, published once it commits.
final class ChangeCollector: Sendable {
    private let changes = Mutex<[StoreChange]>([])

    func note(_ change: StoreChange) {
        changes.withLock { $0.append(change) }
    }

    /// The changes noted so far, kept for `drain`.
    var pending: [StoreChange] { changes.withLock { $0 } }

    func drain() -> [StoreChange] {
        changes.withLock { changes in
            defer { changes.removeAll() }
            return changes
        }
    }
}
