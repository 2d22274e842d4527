import Foundation

/// One verification request, from `POST /v1/keys/verify` or `/v1/auth`.
public struct VerificationRequest: Sendable {
    public var key: String
    /// The requested keyspace's name or id, when the request names one.
    public var keyspace: String?
    public var scopes: ScopeQuery?
    /// The client's address (the body's `ip`, or the gateway's client address).
    public var client: IPAddress?
    /// Whom failures are counted against (audit, source blocking): the client,
    /// or at `/v1/keys/verify` without an `ip`, the caller. Nil means `client`.
    public var source: IPAddress?
    public var cost: Int

    public init(key: String, keyspace: String? = nil, scopes: ScopeQuery? = nil, client: IPAddress? = nil, cost: Int = 1) {
        self.key = key
        self.keyspace = keyspace
        self.scopes = scopes
        self.client = client
        self.cost = cost
    }
}

/// The whole answer of a verification: the code, the key it concerns (nil when
/// not found) and what the gateway headers and the verify answer report.
public struct VerificationOutcome: Sendable, Equatable {
    public var code: VerificationCode
    public var key: VerifiableKey?
    /// The key's rate limits after this request (steps 7 and 8 ran).
    public var limits: [RateLimitStatus]
    /// The quota left after this request's charge; nil without a quota.
    public var remaining: Int64?
    /// For `SOURCE_BLOCKED`, `RATE_LIMITED` and `USAGE_EXCEEDED`: when the
    /// request could succeed (`Retry-After`); nil when it never will.
    public var retryAt: Date?

    public init(
        code: VerificationCode, key: VerifiableKey? = nil, limits: [RateLimitStatus] = [], remaining: Int64? = nil, retryAt: Date? = nil
    ) {
        self.code = code
        self.key = key
        self.limits = limits
        self.remaining = remaining
        self.retryAt = retryAt
    }
}

/// The verification pipeline of SPEC §4: every check in its order, stopping at
/// the first failure. It does no I/O and is tested with plain values: the
/// caller parses (`parse`), looks the key up by its hash (through the cache),
/// and hands the result to `decide`.
///
/// Where the controls go: source blocking is step 2, between `parse` and the
/// lookup; the IP allowlist is step 5 of `decide`. Rate limits (7) and quotas
/// (8) hold state, so the engine's `LimitLedger` runs them after `decide`
/// answers `VALID`, on `SlidingWindow` and `Quota` arithmetic from here.
public enum KeyVerifier {
    /// Step 1: the key parses and its checksum holds. Management tokens are not
    /// keys of any keyspace. `nil` is `MALFORMED`, decided without the store.
    public static func parse(_ text: String) -> APIKey? {
        guard let key = APIKey(parsing: text), !key.isManagementToken else { return nil }
        return key
    }

    /// Steps 3 to 6 for a found (or not found) key, at `now`.
    public static func decide(_ request: VerificationRequest, found: VerifiableKey?, at now: Date) -> VerificationOutcome {
        // 3: no such key, or not in the requested keyspace.
        guard let found, isInRequestedKeyspace(found, request.keyspace) else { return VerificationOutcome(code: .notFound) }
        // 4: state, in the order REVOKED, DISABLED, EXPIRED.
        switch found.record.state(at: now) {
        case .revoked: return VerificationOutcome(code: .revoked, key: found)
        case .disabled: return VerificationOutcome(code: .disabled, key: found)
        case .expired: return VerificationOutcome(code: .expired, key: found)
        case .active: break
        }
        // 5: the IP allowlist; without a client address it fails closed.
        let allowlist = found.record.ipAllowlist
        if !allowlist.isEmpty {
            guard let client = request.client, allowlist.contains(where: { $0.contains(client) }) else {
                return VerificationOutcome(code: .ipNotAllowed, key: found)
            }
        }
        // 6: the scope query.
        if let query = request.scopes, !query.isSatisfied(by: found.record.scopes) {
            return VerificationOutcome(code: .insufficientScope, key: found)
        }
        return VerificationOutcome(code: .valid, key: found)
    }

    private static func isInRequestedKeyspace(_ found: VerifiableKey, _ keyspace: String?) -> Bool {
        guard let keyspace else { return true }
        return keyspace == found.keyspaceName || keyspace == found.record.keyspaceId
    }
}
