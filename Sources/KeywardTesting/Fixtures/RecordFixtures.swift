import Crypto
import Foundation
import KeywardCore

/// Records for tests, with fresh ids and hashes and times on whole milliseconds.
public enum RecordFixtures {
    public static let epoch = Date(timeIntervalSince1970: 1_790_000_000)

    /// A hasher with a fixed pepper.
    public static let hasher = try! KeyHasher(pepper: Array(repeating: 7, count: 32))

    public static func keyspace(name: String = "ks-\(UUID().uuidString.prefix(8))", prefix: String = "kw", at time: Date = epoch) -> Keyspace {
        Keyspace(id: RecordID.make(.keyspace), name: name, prefix: try! KeyPrefix(keyspacePrefix: prefix), createdAt: time, updatedAt: time)
    }

    /// A key record in `keyspace` with the hash of a freshly generated key.
    public static func key(in keyspace: Keyspace, owner: String? = nil, at time: Date = epoch) -> (APIKey, KeyRecord) {
        let secret = APIKey.generate(prefix: keyspace.prefix)
        let record = KeyRecord(
            id: RecordID.make(.key), keyspaceId: keyspace.id, hash: hasher.hash(secret), start: secret.start, owner: owner,
            createdAt: time, updatedAt: time
        )
        return (secret, record)
    }

    public static func token(scopes: [String] = ["admin"], at time: Date = epoch) -> (APIKey, TokenRecord) {
        let secret = APIKey.generate(prefix: .managementToken)
        let record = TokenRecord(
            id: RecordID.make(.token), hash: hasher.hash(secret), start: secret.start, name: nil,
            scopes: scopes.map { try! Scope(parsing: $0) }, expiresAt: nil, createdAt: time, createdBy: "bootstrap"
        )
        return (secret, record)
    }

    /// The audit chain of the tests: a fixed audit key.
    public static let auditChain = try! AuditChain(auditKey: Array(repeating: 9, count: 32))

    public static func auditDraft(
        _ action: String = "key.create", actor: String = "tok_test", target: String? = nil, at time: Date = epoch
    ) -> AuditDraft {
        AuditDraft(
            time: time, actor: AuditActor(kind: .token, id: actor, start: "kwm_Test"), action: action, target: target, details: ["n": .number(1)])
    }
}
