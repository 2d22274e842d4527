import KeywardCore
import KeywardStore
import Logging
import Synchronization

/// Every keyspace's monitoring policy, read from the store once and kept until a
/// keyspace changes (the store's change feed says so), so the detectors ask
/// for them once a second at no cost. A keyspace that cannot be read counts
/// with the server's thresholds and `onTheft: alert`: monitoring never fails
/// for want of a policy.
final class KeyspacePolicies: Sendable {
    private struct State {
        var policies: [String: KeyspaceMonitoring]?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    private let store: any Store
    private let logger: Logger

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
        store.changes.subscribe { [weak self] change in
            switch change {
            case .keyspace, .everything: self?.forget()
            case .key, .token: break
            }
        }
    }

    private func forget() {
        state.withLock { state in
            state.policies = nil
            state.generation &+= 1
        }
    }

    /// The policies of every keyspace that has one other than the defaults, by keyspace id.
    func all() async -> [String: KeyspaceMonitoring] {
        let (cached, generation) = state.withLock { ($0.policies, $0.generation) }
        if let cached { return cached }
        var loaded: [String: KeyspaceMonitoring] = [:]
        var cursor: String?
        do {
            repeat {
                let page = try await store.listKeyspaces(PageRequest(limit: 1000, cursor: cursor))
                for keyspace in page.items where keyspace.monitoring != KeyspaceMonitoring() { loaded[keyspace.id] = keyspace.monitoring }
                cursor = page.nextCursor
            } while cursor != nil
        } catch {
            logger.warning("could not read the keyspaces' monitoring policies; the server's apply", metadata: ["error": "\(error)"])
            return [:]
        }
        state.withLock { state in
            // A change that came in while reading makes what was read stale: read again next time.
            if state.generation == generation { state.policies = loaded }
        }
        return loaded
    }

    /// The policy of `keyspaceID`: its own, or the defaults.
    func policy(of keyspaceID: String) async -> KeyspaceMonitoring {
        await all()[keyspaceID] ?? KeyspaceMonitoring()
    }
}
