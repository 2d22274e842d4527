import Foundation
import KeywardCore
import Synchronization

/// A clock that moves only when a test moves it, so expiry, grace periods and
/// windows are tested without sleeping.
public final class ManualClock: KeywardClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) {
        self.current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func advance(by seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
