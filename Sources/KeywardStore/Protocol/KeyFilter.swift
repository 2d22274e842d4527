import Foundation
import KeywardCore

/// Which keys a list returns. `state` is judged at `now`.
public struct KeyFilter: Sendable, Equatable {
    public var keyspaceId: String?
    public var owner: String?
    public var state: KeyState?
    /// Only active keys past their keyspace's `rotationPeriod` (`RotationSchedule`).
    public var rotationOverdue: Bool
    public var now: Date

    public init(keyspaceId: String? = nil, owner: String? = nil, state: KeyState? = nil, rotationOverdue: Bool = false, now: Date) {
        self.keyspaceId = keyspaceId
        self.owner = owner
        self.state = state
        self.rotationOverdue = rotationOverdue
        self.now = now
    }
}
