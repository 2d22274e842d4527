import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore
import KeywardEngine

/// `POST /v1/keys/verify` for backends (JSON, always 200) and `/v1/auth` for
/// gateways (status and headers, empty body), both over the same pipeline.
struct VerificationController {
    let engine: Engine
    /// `X-Keyward-Scopes` texts, parsed once each.
    let scopeQueries = ScopeQueryCache()

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
            verification.cost = try body.integer("cost", in: 0...Self.maximumCost) ?? 1
            // Without an `ip`, failures are counted against the caller.
            verification.source = verification.client ?? context.clientAddress
            let outcome = try await engine.verifier.verify(verification)
            return try JSONBody.response(Self.answer(outcome))
        }
    }

    /// `/v1/auth` (no management token: the key is the credential).
    func addGatewayRoute(to router: Router<KeywardRequestContext>) {
        for method in Self.methods {
            router.on("v1/auth", method: method) { request, context in
                await gateway(request, context: context)
            }
        }
    }

    /// Every answer is an empty body with `X-Keyward-Code`, a failing store
    /// included: that is a 503 `STORE_UNAVAILABLE`, failing closed.
    private func gateway(_ request: Request, context: KeywardRequestContext) async -> Response {
        for name in GatewayHeaders.originalURIHeaders {
            if let uri = request.headers.value(of: name), KeyInURL.occurs(inURI: uri) {
                return GatewayHeaders.answer(status: .badRequest, code: "KEY_IN_URL")
            }
        }
        guard let key = BearerCredential.value(in: request.headers) ?? request.headers.value(of: GatewayHeaders.apiKey) else {
            var response = GatewayHeaders.answer(status: .unauthorized, code: "MISSING_KEY")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        var verification = VerificationRequest(key: key, client: context.clientAddress)
        if let query = request.headers.value(of: GatewayHeaders.scopes) {
            do {
                verification.scopes = try scopeQueries.query(query, field: "X-Keyward-Scopes")
            } catch {
                return GatewayHeaders.answer(status: .badRequest, code: error.code.rawValue)
            }
        }
        if let text = request.headers.value(of: GatewayHeaders.cost) {
            guard let cost = Self.cost(text) else { return GatewayHeaders.answer(status: .badRequest, code: KeywardError.Code.invalidField.rawValue) }
            verification.cost = cost
        }
        do {
            return GatewayHeaders.answer(for: try await engine.verifier.verify(verification), now: engine.now)
        } catch {
            context.logger.error("verification failed: the store does not answer", metadata: ["error": "\(error)"])
            var response = GatewayHeaders.answer(status: .serviceUnavailable, code: GatewayHeaders.storeUnavailable)
            response.headers[.retryAfter] = "1"
            return response
        }
    }

    /// The largest cost one request may carry.
    static let maximumCost = 1_000_000

    /// `X-Keyward-Cost`: a whole number from 0 to `maximumCost`, digits only.
    static func cost(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let cost = Int(text), cost <= maximumCost
        else { return nil }
        return cost
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

/// Whether a gateway's original URI carries a key in its query string, seen
/// after percent-decoding (so `%5F` for `_` hides nothing).
enum KeyInURL {
    static func occurs(inURI uri: String) -> Bool {
        guard let question = uri.firstIndex(of: "?") else { return false }
        let query = uri[uri.index(after: question)...]
        if KeyShape.occurs(in: query) { return true }
        guard query.contains("%") else { return false }
        return KeyShape.occurs(in: percentDecoded(query)[...])
    }

    /// Decodes every valid `%XX` and keeps anything else as it is (a stray `%`
    /// must not make the decoding fail and the check pass).
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = Hex.value(iterator[iterator.startIndex]), let low = Hex.value(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator.removeFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
