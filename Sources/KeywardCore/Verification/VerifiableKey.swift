/// A key record with what verification needs to answer without more lookups:
/// the name of its keyspace. This is what the verification cache holds.
public struct VerifiableKey: Sendable, Equatable {
    public var record: KeyRecord
    public var keyspaceName: String

    public init(record: KeyRecord, keyspaceName: String) {
        self.record = record
        self.keyspaceName = keyspaceName
    }
}
