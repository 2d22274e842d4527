import Foundation
import KeywardCore
import KeywardStore
import Synchronization

/// Quota reservations, committed in groups: every reservation asked for while
/// one transaction runs goes into the next, so a thousand busy keys cost a
/// few transactions (and syncs) a second, not a thousand. Each reservation is
/// still the store's atomic `reserveQuota`, in order, inside that transaction.
final class QuotaReservations: Sendable {
    struct Request: Sendable {
        var budgetID: String
        var wanted: Int64
        var atLeast: Int64
        var time: Date
        var continuation: CheckedContinuation<QuotaGrant?, any Error>
    }

    struct Queue {
        var waiting: [Request] = []
        var draining = false
    }

    /// The most reservations in one transaction.
    static let maximumGroup = 256

    private let store: any Store
    private let queue = Mutex(Queue())

    init(store: any Store) {
        self.store = store
    }

    func reserve(budgetID: String, wanted: Int64, atLeast: Int64, at time: Date) async throws -> QuotaGrant? {
        try await withCheckedThrowingContinuation { continuation in
            let request = Request(budgetID: budgetID, wanted: wanted, atLeast: atLeast, time: time, continuation: continuation)
            let starts = queue.withLock { queue in
                queue.waiting.append(request)
                guard !queue.draining else { return false }
                queue.draining = true
                return true
            }
            if starts { Task { await self.drain() } }
        }
    }

    /// Commits the waiting reservations, a group at a time, until none wait.
    private func drain() async {
        while true {
            let group = queue.withLock { queue -> [Request] in
                guard !queue.waiting.isEmpty else {
                    queue.draining = false
                    return []
                }
                let group = Array(queue.waiting.prefix(Self.maximumGroup))
                queue.waiting.removeFirst(group.count)
                return group
            }
            guard !group.isEmpty else { return }
            let asked = group.map { ($0.budgetID, $0.wanted, $0.atLeast, $0.time) }
            do {
                let grants = try await store.unitOfWork { writer in
                    var grants: [QuotaGrant?] = []
                    for (budgetID, wanted, atLeast, time) in asked {
                        grants.append(try await writer.reserveQuota(budgetID: budgetID, wanted: wanted, atLeast: atLeast, at: time))
                    }
                    return grants
                }
                for (request, grant) in zip(group, grants) { request.continuation.resume(returning: grant) }
            } catch {
                for request in group { request.continuation.resume(throwing: error) }
            }
        }
    }
}
