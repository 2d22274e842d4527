/// Which count a rate limit charges. Limits of the same name and window share
/// one count when their scope is the same: one budget (a key and its rotation
/// successors), or one keyspace and owner (`per: owner`). A changed `limit`
/// keeps the count; a changed window starts a new one.
public struct RateWindowKey: Hashable, Sendable {
    public let scope: String
    public let name: String
    public let windowMillis: Int64

    /// The count `limit` of `key` charges.
    public init(_ limit: RateLimit, of key: KeyRecord) {
        if limit.per == .owner, let owner = key.owner {
            scope = "owner\u{1F}\(key.keyspaceId)\u{1F}\(owner)"
        } else {
            scope = key.budgetID
        }
        name = limit.name
        windowMillis = limit.window.seconds * 1000
    }
}
