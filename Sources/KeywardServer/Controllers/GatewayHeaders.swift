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
    /// The longest value Keyward puts in a header it sends; a longer one is left
    /// out (nginx's default buffer for a whole upstream header block is 4 KiB).
    static let maximumValueBytes = 2048

    /// An empty answer with `X-Keyward-Code`.
    static func answer(status: HTTPResponse.Status, code: String) -> Response {
        Response(status: status, headers: [GatewayHeaders.code: code, .cacheControl: "no-store"])
    }

    static func answer(for outcome: VerificationOutcome, now: Date) -> Response {
        switch outcome.code {
        case .valid:
            var response = answer(status: .ok, code: outcome.code.rawValue)
            if let key = outcome.key {
                response.headers[keyID] = key.record.id
                if let owner = key.record.owner { set(owner, GatewayHeaders.owner, in: &response) }
                set(key.scopeText, scopes, in: &response)
            }
            setRateLimit(outcome, now: now, in: &response)
            return response
        case .malformed, .notFound, .revoked, .disabled, .expired:
            var response = answer(status: .unauthorized, code: outcome.code.rawValue)
            response.headers[.wwwAuthenticate] = "Bearer error=\"invalid_token\""
            return response
        case .ipNotAllowed, .insufficientScope:
            return answer(status: .forbidden, code: outcome.code.rawValue)
        case .sourceBlocked, .rateLimited, .usageExceeded:
            var response = answer(status: .tooManyRequests, code: outcome.code.rawValue)
            if let retryAt = outcome.retryAt { response.headers[.retryAfter] = seconds(until: retryAt, from: now, atLeast: 1) }
            setRateLimit(outcome, now: now, in: &response)
            return response
        }
    }

    /// `RateLimit-Limit/Remaining/Reset` of the limit with the least remaining
    /// (SPEC §11); none for a key without limits.
    private static func setRateLimit(_ outcome: VerificationOutcome, now: Date, in response: inout Response) {
        guard let tightest = outcome.limits.min(by: { $0.remaining < $1.remaining }) else { return }
        response.headers[rateLimitLimit] = String(tightest.limit)
        response.headers[rateLimitRemaining] = String(tightest.remaining)
        response.headers[rateLimitReset] = seconds(until: tightest.resetAt, from: now, atLeast: 0)
    }

    /// Whole seconds from `now` to `time`, rounded up.
    private static func seconds(until time: Date, from now: Date, atLeast minimum: Int) -> String {
        let interval = time.timeIntervalSince(now)
        guard interval.isFinite, interval < 1e9 else { return String(1_000_000_000) }
        return String(max(minimum, Int(interval.rounded(.up))))
    }

    /// Sets a header made header-safe, unless it would pass the bound.
    private static func set(_ value: String, _ name: HTTPField.Name, in response: inout Response) {
        let safe = headerSafe(value)
        guard safe.utf8.count <= maximumValueBytes else { return }
        response.headers[name] = safe
    }

    /// Visible ASCII stays; every other byte is percent-encoded, so no value can
    /// break the header block.
    static func headerSafe(_ text: String) -> String {
        // Most owners are plain ASCII: no set to build, no copy to make.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 <= 0x7E && $0 != UInt8(ascii: "%") }) { return text }
        return text.addingPercentEncoding(withAllowedCharacters: headerSafeCharacters) ?? ""
    }

    /// Visible ASCII and space, without `%` (so an encoded owner decodes unambiguously).
    private static let headerSafeCharacters: CharacterSet = {
        var allowed = CharacterSet(charactersIn: Unicode.Scalar(0x20)...Unicode.Scalar(0x7E))
        allowed.remove("%")
        return allowed
    }()
}
