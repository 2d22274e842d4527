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
    /// `X-Keyward-Owner`, and `X-Keyward-Scopes` (the scopes separated by
    /// spaces), as `/v1/auth` sends them (SPEC §4): header-safe, nil when too
    /// long to send (`HeaderText`). Made once per cache fill, not per request.
    public let ownerHeader: String?
    public let scopesHeader: String?
    /// The keys of the dictionaries verification charges on every request,
    /// hashed once here rather than on every request (`Prehashed`): the key's
    /// id (usage), its budget (quota lease) and the count of each of its rate
    /// limits, in the order of `record.ratelimits`.
    public let id: Prehashed<String>
    public let budget: Prehashed<String>
    public let rateWindows: [Prehashed<RateWindowKey>]
    /// Where its keyspace counts rate limits.
    public let rateLimitMode: RateLimitMode
    /// How long its keyspace lets it verify from cache through an outage; nil: never.
    public let failOpenFor: DurationText?
    /// The rate-limit ledger's and the usage recorder's own places on this key
    /// (`KeySlot`; not part of equality).
    package let ledgerShortcut = KeySlot()
    package let usageShortcut = KeySlot()

    public init(record: KeyRecord, keyspaceName: String, rateLimitMode: RateLimitMode = .local, failOpenFor: DurationText? = nil) {
        self.record = record
        self.keyspaceName = keyspaceName
        self.rateLimitMode = rateLimitMode
        self.failOpenFor = failOpenFor
        self.ownerHeader = record.owner.flatMap(HeaderText.bounded)
        self.scopesHeader = HeaderText.bounded(record.scopes.map(\.rawValue).joined(separator: " "))
        self.id = Prehashed(record.id)
        self.budget = Prehashed(record.budgetID)
        self.rateWindows = record.ratelimits.map { Prehashed(RateWindowKey($0, of: record)) }
    }

    public static func == (lhs: VerifiableKey, rhs: VerifiableKey) -> Bool {
        lhs === rhs
            || (lhs.record == rhs.record && lhs.keyspaceName == rhs.keyspaceName && lhs.rateLimitMode == rhs.rateLimitMode
                && lhs.failOpenFor == rhs.failOpenFor)
    }
}
