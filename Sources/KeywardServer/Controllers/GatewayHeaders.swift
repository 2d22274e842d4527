import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore

/// The header vocabulary of `/v1/auth` (SPEC §4).
enum GatewayHeaders {
    static let apiKey = HTTPField.Name("X-API-Key")!
    static let scopes = HTTPField.Name("X-Keyward-Scopes")!
    static let code = HTTPField.Name("X-Keyward-Code")!
    static let keyID = HTTPField.Name("X-Keyward-Key-Id")!
    static let owner = HTTPField.Name("X-Keyward-Owner")!
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
                set(key.record.scopes.map(\.rawValue).joined(separator: " "), scopes, in: &response)
            }
            return response
        case .malformed, .notFound, .revoked, .disabled, .expired:
            var response = answer(status: .unauthorized, code: outcome.code.rawValue)
            response.headers[.wwwAuthenticate] = "Bearer error=\"invalid_token\""
            return response
        case .ipNotAllowed, .insufficientScope:
            return answer(status: .forbidden, code: outcome.code.rawValue)
        case .sourceBlocked:
            var response = answer(status: .tooManyRequests, code: outcome.code.rawValue)
            if let until = outcome.blockedUntil {
                response.headers[.retryAfter] = String(max(1, Int((until.timeIntervalSince(now)).rounded(.up))))
            }
            return response
        case .rateLimited, .usageExceeded:
            return answer(status: .tooManyRequests, code: outcome.code.rawValue)
        }
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
