import Foundation

/// A management token (`kwm_…`) as stored: its hash and its scopes, never the token.
public struct TokenRecord: Sendable, Equatable {
    public var id: String
    public var hash: KeyHash
    public var start: String
    public var name: String?
    public var scopes: [Scope]
    public var expiresAt: Date?
    public var createdAt: Date
    /// The token id that created this one, or `bootstrap` for the root token.
    public var createdBy: String
    public var revokedAt: Date?
    /// A session's last proof of a second factor (its login's code, or a step-up code).
    public var mfaAt: Date?

    public init(
        id: String, hash: KeyHash, start: String, name: String?, scopes: [Scope], expiresAt: Date?, createdAt: Date,
        createdBy: String, revokedAt: Date? = nil, mfaAt: Date? = nil
    ) {
        self.id = id
        self.hash = hash
        self.start = start
        self.name = name
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
        self.mfaAt = mfaAt
    }

    /// The user whose session this is, when it is one (sessions are made by `POST /v1/login`).
    public var userID: String? { RecordID.isValid(createdBy, kind: .user) ? createdBy : nil }

    public func state(at now: Date) -> KeyState {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= now { return .expired }
        return .active
    }
}
