import Foundation

/// What an audit entry says, before the log gives it a place (`seq`) and a
/// hash. Services describe their actions as drafts; the store appends them.
///
/// `details` never holds a plaintext key, token, secret value, pepper or master
/// key: drafts are made from records, which hold none.
public struct AuditDraft: Sendable, Hashable {
    public var time: Date
    public var actor: AuditActor
    /// A dotted name: `key.create`, `token.revoke`, `verification.revoked`.
    public var action: String
    /// The id of the record acted on, when there is one.
    public var target: String?
    public var outcome: AuditOutcome
    public var sourceIP: String?
    public var details: [String: JSONValue]

    public init(
        time: Date, actor: AuditActor, action: String, target: String? = nil, outcome: AuditOutcome = .success,
        sourceIP: String? = nil, details: [String: JSONValue] = [:]
    ) {
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.outcome = outcome
        self.sourceIP = sourceIP
        self.details = details
    }
}

/// Whether the action recorded was carried out or refused.
public enum AuditOutcome: String, Sendable, Hashable, CaseIterable {
    case success
    /// Refused: a failed verification, a management call without a valid token or scope.
    case denied
    /// Allowed, but it could not be carried out: a vault value that does not decrypt.
    case failed
}

/// An entry of the log as stored: its place, the draft, and the two chain values.
public struct AuditEntry: Sendable, Hashable {
    public var seq: Int64
    public var time: Date
    public var actor: AuditActor
    public var action: String
    public var target: String?
    public var outcome: String
    public var sourceIP: String?
    /// `details` exactly as stored (canonical JSON text, see `CanonicalJSON`):
    /// the chain covers these bytes.
    public var detailsJSON: String
    /// `HMAC-SHA256(auditKey, previous hash ‖ canonical entry)`.
    public var hash: [UInt8]
    /// `SHA-256(previous digest ‖ canonical entry ‖ hash)`: the chain that a
    /// holder of a signed checkpoint can check without the audit key.
    public var digest: [UInt8]

    public init(
        seq: Int64, time: Date, actor: AuditActor, action: String, target: String?, outcome: String, sourceIP: String?,
        detailsJSON: String, hash: [UInt8], digest: [UInt8]
    ) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.outcome = outcome
        self.sourceIP = sourceIP
        self.detailsJSON = detailsJSON
        self.hash = hash
        self.digest = digest
    }

    /// The details as JSON; an object that does not parse reads as empty
    /// (the chain check reports the damage, not this).
    public var details: [String: JSONValue] {
        (try? JSONDecoder().decode([String: JSONValue].self, from: Data(detailsJSON.utf8))) ?? [:]
    }
}
