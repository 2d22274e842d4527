import Foundation
import KeywardCore
import Synchronization

/// SPEC §4 step 2: a source (a client address) that earns more than
/// `failures` `MALFORMED` or `NOT_FOUND` answers within `window` is
/// `SOURCE_BLOCKED` for `duration`, valid keys included; other sources are
/// unaffected. State is per node, in memory.
///
/// Memory is bounded: sources are tracked in two generations of at most
/// `capacity` each (a full young generation becomes the old one, and the old
/// one is dropped), and each keeps at most `failures + 1` failure times; blocks
/// live in their own map of at most `capacity` (when full, the block that ends
/// first makes room). A flood of distinct sources therefore costs at most
/// about `3 × capacity` entries.
public final class SourceBlocker: Sendable {
    public struct Policy: Sendable, Equatable {
        /// More than this many failures within `window` block the source; 0 turns blocking off.
        public var failures: Int
        public var window: Double
        public var duration: Double
        /// Milliseconds each guess's answer is held back (`GuessDelay`); 0: none.
        public var guessDelayMilliseconds: Int
        /// Answers to guesses the node sends a second at most (`GuessDelay`); 0: no pace.
        public var guessesPerSecond: Int

        public init(
            failures: Int = 50, window: Double = 60, duration: Double = 900, guessDelayMilliseconds: Int = 0, guessesPerSecond: Int = 0
        ) {
            self.failures = failures
            self.window = window
            self.duration = duration
            self.guessDelayMilliseconds = guessDelayMilliseconds
            self.guessesPerSecond = guessesPerSecond
        }
    }

    /// A block that began or ended, for the audit log.
    public struct Event: Sendable, Equatable {
        public var source: IPAddress
        public var until: Date
        public var began: Bool

        public init(source: IPAddress, until: Date, began: Bool) {
            self.source = source
            self.until = until
            self.began = began
        }
    }

    struct State {
        var young: [IPAddress: [Date]] = [:]
        var old: [IPAddress: [Date]] = [:]
        var blocked: [IPAddress: (address: IPAddress, until: Date)] = [:]
    }

    public let policy: Policy
    public let capacity: Int
    private let state = Mutex(State())

    public init(policy: Policy = Policy(), capacity: Int = 50_000) {
        self.policy = policy
        self.capacity = max(2, capacity)
    }

    /// The end of the block on `source`, or nil when it may go on.
    public func blockedUntil(_ source: IPAddress?, at now: Date) -> Date? {
        guard let source, policy.failures > 0 else { return nil }
        return state.withLock { state in
            guard !state.blocked.isEmpty, let block = state.blocked[source], block.until > now else { return nil }
            return block.until
        }
    }

    /// Counts a `MALFORMED` or `NOT_FOUND` answer to `source`; returns the event
    /// when this failure starts a block.
    public func noteFailure(_ source: IPAddress?, at now: Date) -> Event? {
        guard let source, policy.failures > 0 else { return nil }
        let key = source
        return state.withLock { state -> Event? in
            if let block = state.blocked[key], block.until > now { return nil }
            var times = state.young.removeValue(forKey: key) ?? state.old.removeValue(forKey: key) ?? []
            let since = now.addingTimeInterval(-policy.window)
            times.removeAll { $0 <= since }
            times.append(now)
            if times.count > policy.failures {
                let until = now.addingTimeInterval(policy.duration)
                if state.blocked.count >= capacity, let first = state.blocked.min(by: { $0.value.until < $1.value.until }) {
                    state.blocked[first.key] = nil
                }
                state.blocked[key] = (source, until)
                return Event(source: source, until: until, began: true)
            }
            if state.young.count >= capacity {
                state.old = state.young
                state.young = [:]
            }
            state.young[key] = Array(times.suffix(policy.failures + 1))
            return nil
        }
    }

    /// Removes the blocks that have ended and returns them, for the audit log.
    public func endedBlocks(at now: Date) -> [Event] {
        state.withLock { state in
            let ended = state.blocked.filter { $0.value.until <= now }
            for key in ended.keys { state.blocked[key] = nil }
            return ended.values.map { Event(source: $0.address, until: $0.until, began: false) }.sorted { $0.until < $1.until }
        }
    }

    /// How many sources are tracked and blocked (for tests of the bound).
    public var counts: (tracked: Int, blocked: Int) {
        state.withLock { ($0.young.count + $0.old.count, $0.blocked.count) }
    }
}
