/// One use of a global rate limit: `cost` more in the fixed window of
/// `windowMillis` that starts at `windowStart`, allowed up to `limit`.
public struct RateWindowCharge: Sendable, Equatable {
    /// Whose count it is: a budget (a key and its successors), or a keyspace and owner.
    public var scope: String
    public var name: String
    public var windowStart: Int64
    public var cost: Int64
    public var limit: Int64

    public init(scope: String, name: String, windowStart: Int64, cost: Int64, limit: Int64) {
        self.scope = scope
        self.name = name
        self.windowStart = windowStart
        self.cost = cost
        self.limit = limit
    }
}
