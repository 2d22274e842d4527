import Foundation
import KeywardCore

/// Which keys a list returns. `state` is judged at `now`.
public struct KeyFilter: Sendable, Equatable {
    public var keyspaceId: String?
    public var owner: String?
    public var state: KeyState?
    /// Only active keys past their keyspace's `rotationPeriod` (`RotationSchedule`).
    public var rotationOverdue: Bool
    /// Only active keys in this section of the hygiene report.
    public var hygiene: KeyHygiene?
    public var now: Date

    public init(keyspaceId: String? = nil, owner: String? = nil, state: KeyState? = nil, rotationOverdue: Bool = false, now: Date) {
        self.keyspaceId = keyspaceId
        self.owner = owner
        self.state = state
        self.rotationOverdue = rotationOverdue
        self.now = now
    }
}

/// The sections of the hygiene report that are lists of active keys (SPEC §5).
public enum KeyHygiene: Sendable, Equatable {
    /// Last used before this time.
    case unusedSince(Date)
    /// Never used, of any age.
    case neverUsed
    /// Last used before this time, or never used and created before it (`revokeUnusedAfter`).
    case unusedBefore(Date)
    /// Expiring after `now` and before this time.
    case expiringBefore(Date)
    /// Without an expiry.
    case noExpiry
    /// Without scopes, IP allowlist and rate limits.
    case unrestricted
}
