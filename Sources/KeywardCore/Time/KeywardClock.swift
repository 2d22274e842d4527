import Foundation

/// Where Keyward reads the time. Expiry, grace periods, rate-limit windows and
/// refills all ask a clock, so tests drive them with a manual one instead of sleeping.
public protocol KeywardClock: Sendable {
    func now() -> Date
}

/// The wall clock.
public struct SystemClock: KeywardClock {
    public init() {}
    public func now() -> Date { Date() }
}
