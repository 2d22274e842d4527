import Foundation

/// Which audit entries a list returns; every field given must match.
public struct AuditFilter: Sendable, Equatable {
    public var since: Date?
    /// Entries before this time (exclusive).
    public var until: Date?
    /// An action (`key.revoke`), or every action under a prefix (`key.*`).
    public var action: String?
    /// The actor's id: a token id, `system`, or a client address.
    public var actor: String?
    public var target: String?
    /// Entries after this `seq` (`audit log --follow` polls with it).
    public var afterSeq: Int64?

    public init(
        since: Date? = nil, until: Date? = nil, action: String? = nil, actor: String? = nil, target: String? = nil, afterSeq: Int64? = nil
    ) {
        self.since = since
        self.until = until
        self.action = action
        self.actor = actor
        self.target = target
        self.afterSeq = afterSeq
    }
}
