import Crypto
import Foundation

/// Links entries into the chain of SPEC §9 with the audit key:
/// `hash = HMAC-SHA256(auditKey, previous hash ‖ canonical entry)`, and beside
/// it the public chain `digest = SHA-256(previous digest ‖ canonical entry ‖ hash)`.
/// The first entry's previous hash and digest are 32 zero bytes.
///
/// Without the audit key (wrapped in the key hierarchy, never stored plain) a
/// copy of the database can neither forge an entry nor re-chain edited ones.
public struct AuditChain: @unchecked Sendable {
    private let keyed: HMAC<SHA256>

    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// `auditKey` must be 32 bytes.
    public init(auditKey: [UInt8]) throws(KeywardError) {
        guard auditKey.count == 32 else { throw KeywardError(.masterKey, "the audit key must be 32 bytes") }
        keyed = HMAC<SHA256>(key: SymmetricKey(data: auditKey))
    }

    /// The stored entry that `draft` becomes at `seq`, after the entry whose
    /// chain values are `previous` (nil for the first entry).
    public func link(_ draft: AuditDraft, seq: Int64, after previous: (hash: [UInt8], digest: [UInt8])?) -> AuditEntry {
        let detailsJSON = CanonicalJSON.text(.object(draft.details))
        var entry = AuditEntry(
            seq: seq, time: Timestamp.roundedToMilliseconds(draft.time), actor: draft.actor, action: draft.action, target: draft.target,
            outcome: draft.outcome.rawValue, sourceIP: draft.sourceIP, detailsJSON: detailsJSON, hash: [], digest: [])
        let values = chainValues(of: entry, after: previous ?? (Self.genesis, Self.genesis))
        entry.hash = values.hash
        entry.digest = values.digest
        return entry
    }

    /// The hash and digest `entry` must have after `previous`.
    public func chainValues(of entry: AuditEntry, after previous: (hash: [UInt8], digest: [UInt8])) -> (hash: [UInt8], digest: [UInt8]) {
        let canonical = AuditCanonical.bytes(of: entry)
        var mac = keyed
        mac.update(data: previous.hash)
        mac.update(data: canonical)
        let hash = Array(mac.finalize())
        return (hash, Self.digest(canonical: canonical, hash: hash, after: previous.digest))
    }

    /// The public chain value; needs no key.
    public static func digest(canonical: [UInt8], hash: [UInt8], after previous: [UInt8]) -> [UInt8] {
        var sha = SHA256()
        sha.update(data: previous)
        sha.update(data: canonical)
        sha.update(data: hash)
        return Array(sha.finalize())
    }
}
