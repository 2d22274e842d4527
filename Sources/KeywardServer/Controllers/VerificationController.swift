import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore

/// `POST /v1/keys/verify` for backends (JSON, always 200) and `/v1/auth` for
/// gateways (status and headers, empty body), both over the same pipeline.
struct VerificationController {
    let services: KeywardServices

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    /// `POST /v1/keys/verify` (management group: needs `keys:verify`).
    func addVerifyRoute(to group: RouterGroup<KeywardRequestContext>) {
        group.post("keys/verify") { request, context in
            _ = try context.require(ManagementScope.keysVerify)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["key", "keyspace", "scopes", "ip", "cost"])
            // Any length is an answer: a key too long to be a key is MALFORMED, not a 400.
            var verification = VerificationRequest(key: try body.requiredString("key", maxLength: JSONBody.maximumSize))
            verification.keyspace = try body.string("keyspace", maxLength: 64)
            if let query = try body.string("scopes", maxLength: ScopeQuery.maximumLength) {
                verification.scopes = try ScopeQuery(parsing: query, field: "scopes")
            }
            if let ip = try body.string("ip", maxLength: 64) {
                guard let address = IPAddress(ip) else { throw KeywardError(.invalidField, "expected an IPv4 or IPv6 address", field: "ip") }
                verification.client = address
            }
            verification.cost = try body.integer("cost", in: 0...1_000_000) ?? 1
            let result = try await services.verify(verification)
            return JSONBody.response(Self.answer(result))
        }
    }

    /// `/v1/auth` (no management token: the key is the credential).
    func addGatewayRoute(to router: Router<KeywardRequestContext>) {
        for method in Self.methods {
            router.on("v1/auth", method: method) { request, context in
                try await gateway(request, context: context)
            }
        }
    }

    private func gateway(_ request: Request, context: KeywardRequestContext) async throws -> Response {
        for name in GatewayHeaders.originalURIHeaders {
            if let uri = request.headers[name], let query = uri.split(separator: "?", maxSplits: 1).dropFirst().first,
                KeyShape.occurs(in: query)
            {
                return GatewayHeaders.answer(status: .badRequest, code: "KEY_IN_URL")
            }
        }
        guard let key = BearerCredential.value(in: request.headers) ?? request.headers[GatewayHeaders.apiKey] else {
            var response = GatewayHeaders.answer(status: .unauthorized, code: "MISSING_KEY")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        var verification = VerificationRequest(key: key, client: context.peerAddress)
        if let query = request.headers[GatewayHeaders.scopes] {
            do {
                verification.scopes = try ScopeQuery(parsing: query, field: "X-Keyward-Scopes")
            } catch {
                return GatewayHeaders.answer(status: .badRequest, code: error.code.rawValue)
            }
        }
        return GatewayHeaders.answer(for: try await services.verify(verification))
    }

    /// The JSON answer of `POST /v1/keys/verify`.
    static func answer(_ result: VerificationResult) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("valid", result.code.isValid)
        view.set("code", result.code.rawValue)
        if let key = result.key {
            view.set("keyId", key.record.id)
            view.set("keyspace", key.keyspaceName)
            view.set("name", key.record.name)
            view.set("owner", key.record.owner)
            view.set("scopes", key.record.scopes)
            view.set("meta", JSONValue.object(key.record.meta))
            view.set("expiresAt", key.record.expiresAt)
            view.set("ratelimits", JSONValue.array([]))
        }
        return view.object
    }
}
