/// A key record with what verification needs to answer without more lookups:
/// the name of its keyspace and the keyspace settings verification reads.
/// This is what the verification cache holds.
///
/// A class, and immutable: a cached key is handed to every request that
/// presents it, and a reference costs one retain where a copy of the record
/// would retain each of its strings and arrays.
public final class VerifiableKey: Sendable, Equatable {
    public let record: KeyRecord
    public let keyspaceName: String
    /// The key's scopes separated by spaces, as `/v1/auth` sends them (SPEC §4).
    public let scopeText: String
    /// Where its keyspace counts rate limits.
    public let rateLimitMode: RateLimitMode
    /// How long its keyspace lets it verify from cache through an outage; nil: never.
    public let failOpenFor: DurationText?

    public init(record: KeyRecord, keyspaceName: String, rateLimitMode: RateLimitMode = .local, failOpenFor: DurationText? = nil) {
        self.record = record
        self.keyspaceName = keyspaceName
        self.rateLimitMode = rateLimitMode
        self.failOpenFor = failOpenFor
        self.scopeText = record.scopes.map(\.rawValue).joined(separator: " ")
    }

    public static func == (lhs: VerifiableKey, rhs: VerifiableKey) -> Bool {
        lhs === rhs
            || (lhs.record == rhs.record && lhs.keyspaceName == rhs.keyspaceName && lhs.rateLimitMode == rhs.rateLimitMode
                && lhs.failOpenFor == rhs.failOpenFor)
    }
}
