import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore
import NIOCore

/// An RFC 9457 problem details answer (`application/problem+json`) with
/// Keyward's stable `code` and, for input errors, the `field` at fault.
struct ProblemDetails: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let detail: String
    let field: String?
    var extraHeaders: HTTPFields = [:]

    init(status: HTTPResponse.Status, code: String, detail: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
    }

    init(_ error: KeywardError) {
        let status = ProblemDetails.status(for: error.code.kind)
        // Internal failures are described in the server's log, not to the client,
        // except a failed decryption, whose message names only the path and version.
        let showsDetail = status.code < 500 || error.code == .decryptionFailed
        let detail = showsDetail ? error.message : "Keyward failed to handle the request; the server log has the details"
        self.init(status: status, code: error.code.rawValue, detail: detail, field: error.field)
        if error.code.kind == .unauthenticated { extraHeaders[.wwwAuthenticate] = "Bearer" }
        if let retryAfter = error.retryAfter { extraHeaders[.retryAfter] = String(retryAfter) }
    }

    static func status(for kind: KeywardError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .throttled: .tooManyRequests
        case .internalFailure: .internalServerError
        case .unavailable: .serviceUnavailable
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = [
            "type": "urn:keyward:problem:\(code.lowercased().replacingOccurrences(of: "_", with: "-"))",
            "title": status.reasonPhrase,
            "detail": detail,
            "code": code,
        ]
        if let field { body["field"] = field }
        var object = body.mapValues(JSONValue.string)
        object["status"] = .number(Double(status.code))
        var headers = extraHeaders
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONBody.encode(JSONValue.object(object)))))
    }
}
