import Synchronization

/// The last entry's chain values, kept by the store's one writer so that an
/// append does not read them back first (one statement less per audited
/// change). A transaction stages the head it wrote; the store keeps it after
/// COMMIT and forgets everything after a ROLLBACK, so the next append reads
/// the table again. Used only under the store's write lock.
final class AuditHeadCache: Sendable {
    struct Head: Sendable {
        var seq: Int64
        var hash: [UInt8]
        var digest: [UInt8]
    }

    private struct State {
        var committed: Head?
        var staged: Head?
    }

    private let state = Mutex(State())

    /// The head as this transaction sees it, if known.
    var current: Head? { state.withLock { $0.staged ?? $0.committed } }

    func stage(_ head: Head) { state.withLock { $0.staged = head } }

    func commit() {
        state.withLock { state in
            if let staged = state.staged { state.committed = staged }
            state.staged = nil
        }
    }

    func discard() { state.withLock { $0 = State() } }
}
