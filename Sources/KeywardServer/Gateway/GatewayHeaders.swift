import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore

/// The header vocabulary of `/v1/auth` (SPEC §4).
enum GatewayHeaders {
    static let apiKey = HTTPField.Name("X-API-Key")!
    static let scopes = HTTPField.Name("X-Keyward-Scopes")!
    /// The request's cost to its rate limits and quota (default 1).
    static let cost = HTTPField.Name("X-Keyward-Cost")!
    static let code = HTTPField.Name("X-Keyward-Code")!
    static let keyID = HTTPField.Name("X-Keyward-Key-Id")!
    static let owner = HTTPField.Name("X-Keyward-Owner")!
    static let rateLimitLimit = HTTPField.Name("RateLimit-Limit")!
    static let rateLimitRemaining = HTTPField.Name("RateLimit-Remaining")!
    static let rateLimitReset = HTTPField.Name("RateLimit-Reset")!
    static let originalURIHeaders = [HTTPField.Name("X-Original-URI")!, HTTPField.Name("X-Forwarded-Uri")!]
    /// The code of a 503 when the store cannot answer.
    static let storeUnavailable = "STORE_UNAVAILABLE"
    /// The most fields an answer carries (code, cache control, key id, owner,
    /// scopes, three `RateLimit-*`, and `Retry-After` or `WWW-Authenticate`).
    private static let mostFields = 9

    /// An empty answer with `X-Keyward-Code`.
    static func answer(status: HTTPResponse.Status, code: String) -> Response {
        Response(status: status, headers: fields(code: code))
    }

    /// `X-Keyward-Code` and `Cache-Control`, with room for the rest of an answer.
    private static func fields(code: String) -> HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(mostFields)
        fields.append(HTTPField(name: GatewayHeaders.code, value: code))
        fields.append(HTTPField(name: .cacheControl, value: "no-store"))
        return fields
    }

    /// Every field is appended to a new answer: none is there to replace.
    static func answer(for outcome: VerificationOutcome, now: Date) -> Response {
        var fields = fields(code: outcome.code.rawValue)
        let status: HTTPResponse.Status
        switch outcome.code {
        case .valid:
            status = .ok
            if let key = outcome.key {
                fields.append(HTTPField(name: keyID, value: key.record.id))
                if let owner = key.ownerHeader { fields.append(HTTPField(name: GatewayHeaders.owner, value: owner)) }
                if let scopes = key.scopesHeader { fields.append(HTTPField(name: GatewayHeaders.scopes, value: scopes)) }
            }
            appendRateLimit(outcome, now: now, to: &fields)
        case .malformed, .notFound, .revoked, .disabled, .expired:
            status = .unauthorized
            fields.append(HTTPField(name: .wwwAuthenticate, value: "Bearer error=\"invalid_token\""))
        case .ipNotAllowed, .insufficientScope:
            status = .forbidden
        case .sourceBlocked, .rateLimited, .usageExceeded:
            status = .tooManyRequests
            if let retryAt = outcome.retryAt {
                fields.append(HTTPField(name: .retryAfter, value: seconds(until: retryAt, from: now, atLeast: 1)))
            }
            appendRateLimit(outcome, now: now, to: &fields)
        }
        return Response(status: status, headers: fields)
    }

    /// `RateLimit-Limit/Remaining/Reset` of the limit with the least remaining
    /// (SPEC §11); none for a key without limits.
    private static func appendRateLimit(_ outcome: VerificationOutcome, now: Date, to fields: inout HTTPFields) {
        guard let tightest = outcome.limits.min(by: { $0.remaining < $1.remaining }) else { return }
        fields.append(HTTPField(name: rateLimitLimit, value: String(tightest.limit)))
        fields.append(HTTPField(name: rateLimitRemaining, value: String(tightest.remaining)))
        fields.append(HTTPField(name: rateLimitReset, value: seconds(until: tightest.resetAt, from: now, atLeast: 0)))
    }

    /// Whole seconds from `now` to `time`, rounded up.
    private static func seconds(until time: Date, from now: Date, atLeast minimum: Int) -> String {
        let interval = time.timeIntervalSince(now)
        guard interval.isFinite, interval < 1e9 else { return String(1_000_000_000) }
        return String(max(minimum, Int(interval.rounded(.up))))
    }
}
