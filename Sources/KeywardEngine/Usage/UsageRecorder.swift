import Foundation
import KeywardStore
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps `lastUsedAt` off the verification path: a verification notes the time
/// in memory, and a background service writes the notes to the store once a
/// second (and once more at shutdown).
public final class UsageRecorder: Service, Sendable {
    private let pending = Mutex<[String: Date]>([:])
    private let store: any Store
    private let logger: Logger

    init(store: any Store, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    public func noteUse(keyID: String, at time: Date) {
        pending.withLock { $0[keyID] = time }
    }

    /// Writes what was noted since the last flush.
    public func flush() async {
        let batch = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.recordLastUsed(batch)
        } catch {
            logger.warning("could not record key use times; will retry", metadata: ["error": "\(error)"])
            pending.withLock { pending in pending.merge(batch) { newer, _ in newer } }
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await self.flush()
            }
        }
        await flush()
    }
}
