import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore
import KeywardEngine

/// `POST /v1/keys/verify` for backends (JSON, always 200) and `/v1/auth` for
/// gateways (status and headers, empty body), both over the same pipeline.
struct VerificationController {
    let engine: Engine
    /// `/v1/auth`, shared with the server's fast path.
    let gateway: GatewayResponder

    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    /// `POST /v1/keys/verify` (management group: needs `keys:verify`).
    func addVerifyRoute(to group: RouterGroup<KeywardRequestContext>) {
        group.post("keys/verify") { request, context in
            _ = try context.require(ManagementScope.keysVerify)
            let body = try await JSONBody.object(of: request)
            try body.rejectUnknownFields(allowed: ["key", "keyspace", "scopes", "ip", "cost"])
            // Any string is an answer: one too long, or with a control character,
            // is not a key and so MALFORMED, not a 400.
            var verification = VerificationRequest(key: try body.requiredRawString("key"))
            verification.keyspace = try body.string("keyspace", maxLength: 64)
            if let query = try body.string("scopes", maxLength: ScopeQuery.maximumLength) {
                verification.scopes = try ScopeQuery(parsing: query, field: "scopes")
            }
            if let ip = try body.string("ip", maxLength: 64) {
                guard let address = IPAddress(ip) else { throw KeywardError(.invalidField, "expected an IPv4 or IPv6 address", field: "ip") }
                verification.client = address
            }
            verification.cost = try body.integer("cost", in: 0...GatewayResponder.maximumCost) ?? 1
            // Without an `ip`, failures are counted against the caller.
            verification.source = verification.client ?? context.clientAddress
            let outcome = try await engine.verifier.verify(verification)
            return try JSONBody.response(Self.answer(outcome))
        }
    }

    /// `/v1/auth` (no management token: the key is the credential). A
    /// request that `GatewayFastPath` answered from memory never gets here.
    func addGatewayRoute(to router: Router<KeywardRequestContext>) {
        for method in Self.methods {
            router.on("v1/auth", method: method) { request, context in
                await gateway.answer(request, client: context.clientAddress, logger: context.logger)
            }
        }
    }

    /// The JSON answer of `POST /v1/keys/verify`.
    static func answer(_ outcome: VerificationOutcome) -> JSONValue {
        var view = JSONObjectBuilder()
        view.set("valid", outcome.code.isValid)
        view.set("code", outcome.code.rawValue)
        if let key = outcome.key {
            view.set("keyId", key.record.id)
            view.set("keyspace", key.keyspaceName)
            view.set("name", key.record.name)
            view.set("owner", key.record.owner)
            view.set("scopes", key.record.scopes)
            view.set("meta", JSONValue.object(key.record.meta))
            view.set("expiresAt", key.record.expiresAt)
            if let remaining = outcome.remaining { view.set("remaining", JSONValue.number(Double(remaining))) }
            view.set(
                "ratelimits",
                JSONValue.array(
                    outcome.limits.map { limit in
                        .object([
                            "name": .string(limit.name), "limit": .number(Double(limit.limit)), "remaining": .number(Double(limit.remaining)),
                            "resetAt": .string(Timestamp.format(limit.resetAt)),
                        ])
                    }))
        }
        return view.object
    }
}
