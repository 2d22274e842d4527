import Foundation
import KeywardCore
import Synchronization

/// Lockout of users after failed logins (docs/users.md): `failures` failures
/// for one user name within `window` seconds lock that name for `duration`
/// seconds from the last one. Names are counted whether or not such a user
/// exists, so the answer never tells which exist. At most `capacity` names are
/// counted; past it, names with no failure in the window are forgotten first,
/// and a flood of made-up names cannot grow memory.
final class LoginThrottle: Sendable {
    struct Policy: Sendable, Equatable {
        var failures = 5
        var window: Double = 900
        var duration: Double = 900
    }

    private struct Entry {
        var failures: [Date]
        var lockedUntil: Date?
    }

    let policy: Policy
    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(policy: Policy = Policy(), capacity: Int = 10_000) {
        self.policy = policy
        self.capacity = capacity
    }

    /// Until when `name` is locked, or nil.
    func lockedUntil(_ name: String, at now: Date) -> Date? {
        entries.withLock { entries in
            guard let until = entries[Self.key(name)]?.lockedUntil, until > now else { return nil }
            return until
        }
    }

    /// Notes a failed login; returns the end of the lock when this failure began one.
    func noteFailure(_ name: String, at now: Date) -> Date? {
        let key = Self.key(name)
        return entries.withLock { entries in
            if entries[key] == nil, entries.count >= capacity {
                entries = entries.filter { $0.value.failures.last.map { now.timeIntervalSince($0) < policy.window } ?? false }
                guard entries.count < capacity else { return nil }
            }
            var entry = entries[key] ?? Entry(failures: [], lockedUntil: nil)
            entry.failures = entry.failures.filter { now.timeIntervalSince($0) < policy.window } + [now]
            var began: Date?
            if entry.failures.count >= policy.failures, entry.lockedUntil.map({ $0 <= now }) ?? true {
                let until = now.addingTimeInterval(policy.duration)
                entry.lockedUntil = until
                entry.failures = []
                began = until
            }
            entries[key] = entry
            return began
        }
    }

    /// Forgets the failures of `name` (a login that succeeded).
    func clear(_ name: String) {
        _ = entries.withLock { $0.removeValue(forKey: Self.key(name)) }
    }

    private static func key(_ name: String) -> String { String(name.lowercased().prefix(KeywardName.maximumLength)) }
}
