import Foundation
import KeywardCore
import Synchronization

/// Feeds each key's answers per minute to its `RateBaseline` as minutes
/// close, and says which minutes were spikes. Memory is bounded: at most
/// `capacity` keys are watched (a key silent for a day is forgotten; past the
/// bound, new keys wait until room is made).
final class RateSpikeDetector: Sendable {
    static let capacity = 100_000
    static let forgetAfterMinutes: Int64 = 1_440

    struct Watched {
        var keyspaceID: String
        var baseline: RateBaseline
        /// The minute being counted, and its count so far.
        var minute: Int64
        var count: Int64
    }

    struct Spike: Equatable {
        var keyID: String
        var keyspaceID: String
        var minute: Int64
        var count: Int64
        var baseline: Double
    }

    private struct State {
        var watched: [String: Watched] = [:]
        /// The minute the last pass over every key closed up to.
        var closedBefore: Int64 = .min
    }

    private let state = Mutex(State())

    /// Adds counts of minute `minute` (minute numbers since 1970) per key, and
    /// closes every earlier minute of those keys; `closeBefore` closes the
    /// minutes before it of every other key. Returns the closed minutes that
    /// were spikes. `rule` gives the rule of a keyspace (by id).
    func add(
        _ counts: [(keyID: String, keyspaceID: String, minute: Int64, count: Int64)], closeBefore current: Int64,
        rule: (String) -> RateBaseline.Rule
    ) -> [Spike] {
        state.withLock { state in
            var spikes: [Spike] = []
            func close(_ id: String, _ entry: inout Watched) {
                let before = entry.baseline.average
                if entry.baseline.observe(minute: entry.minute, count: entry.count, rule: rule(entry.keyspaceID)) {
                    spikes.append(Spike(keyID: id, keyspaceID: entry.keyspaceID, minute: entry.minute, count: entry.count, baseline: before))
                }
            }
            for item in counts.sorted(by: { $0.minute < $1.minute }) {
                if var entry = state.watched[item.keyID] {
                    if item.minute > entry.minute {
                        close(item.keyID, &entry)
                        entry.minute = item.minute
                        entry.count = 0
                    }
                    if item.minute == entry.minute { entry.count += item.count }
                    state.watched[item.keyID] = entry
                } else if state.watched.count < Self.capacity {
                    state.watched[item.keyID] = Watched(
                        keyspaceID: item.keyspaceID, baseline: RateBaseline(startingAt: item.minute), minute: item.minute, count: item.count)
                }
            }
            // The pass over every key runs once a minute, when the minute turns.
            guard current > state.closedBefore else { return spikes }
            state.closedBefore = current
            let closing = state.watched.compactMap { $0.value.minute < current && $0.value.count > 0 ? $0.key : nil }
            for id in closing {
                guard var entry = state.watched[id] else { continue }
                close(id, &entry)
                entry.minute = current
                entry.count = 0
                state.watched[id] = entry
            }
            if state.watched.count > Self.capacity / 2 {
                state.watched = state.watched.filter { current - $0.value.baseline.lastMinute < Self.forgetAfterMinutes }
            }
            return spikes
        }
    }
}
