import Foundation

/// At most `capacity` test servers at once. Swift Testing runs every test side by
/// side; with ~200 servers alive, each with its SQLite files open, the test
/// process held ~1,400 descriptors, past what Foundation's `Process.run()` can
/// start a child with (see `ProcessStart`). A test that already holds a slot
/// (a server made inside another's body) does not wait for a second one, so
/// nesting cannot deadlock.
actor TestServerSlots {
    static let shared = TestServerSlots(capacity: 48)
    @TaskLocal static var holding = false

    private let capacity: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Runs `body` holding a slot (or the one this task holds already).
    static func withSlot<Value: Sendable>(_ body: () async throws -> Value) async throws -> Value {
        if holding { return try await body() }
        await shared.acquire()
        do {
            let value = try await $holding.withValue(true) { try await body() }
            await shared.release()
            return value
        } catch {
            await shared.release()
            throw error
        }
    }

    private func acquire() async {
        if inUse < capacity {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
