import Foundation

/// One rate limit of a key as a verification leaves it (SPEC §4 `ratelimits`).
public struct RateLimitStatus: Sendable, Equatable {
    public var name: String
    public var limit: Int64
    public var remaining: Int64
    /// When the oldest counted use leaves the window: the next moment
    /// `remaining` grows (now when nothing is counted).
    public var resetAt: Date

    public init(name: String, limit: Int64, remaining: Int64, resetAt: Date) {
        self.name = name
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
    }
}
