import Foundation
import HTTPTypes
import Hummingbird
import KeywardCore
import KeywardEngine
import Logging

/// `/v1/auth` (SPEC §4) on both of its paths: from memory on the event loop
/// that read the request (`GatewayFastPath`), and through the router for the
/// rest (a key not cached yet, a guess that waits for its answer, a limit
/// counted in the store). Both read the request and write the answer here, so
/// they cannot answer the same request differently.
final class GatewayResponder: Sendable {
    let engine: Engine
    let clientAddress: ClientAddress
    /// `X-Keyward-Scopes` texts, parsed once each.
    let scopeQueries = ScopeQueryCache()

    init(engine: Engine, clientAddress: ClientAddress) {
        self.engine = engine
        self.clientAddress = clientAddress
    }

    /// What a request's header fields ask: a verification, or an answer
    /// that needs none (a key in the URL, no key, a bad scope query or cost).
    enum Reading {
        case verify(VerificationRequest)
        case answer(Response)
    }

    /// The answer from memory, or nil (nothing counted, charged or noted)
    /// when only the router's path can give it.
    func answerFromMemory(_ head: HTTPRequest, peer: IPAddress?) -> HTTPResponse? {
        switch read(head.headerFields, client: clientAddress.resolve(peer: peer, headers: head.headerFields)) {
        case .answer(let response):
            return response.head
        case .verify(let verification):
            guard let outcome = engine.verifier.verifyFromMemory(verification) else { return nil }
            return GatewayHeaders.answer(for: outcome, now: engine.now).head
        }
    }

    /// Every answer is an empty body with `X-Keyward-Code`, a failing store
    /// included: that is a 503 `STORE_UNAVAILABLE`, failing closed.
    func answer(_ request: Request, client: IPAddress?, logger: Logger) async -> Response {
        switch read(request.headers, client: client) {
        case .answer(let response):
            return response
        case .verify(let verification):
            do {
                return GatewayHeaders.answer(for: try await engine.verifier.verify(verification), now: engine.now)
            } catch {
                logger.error("verification failed: the store does not answer", metadata: ["error": "\(error)"])
                var response = GatewayHeaders.answer(status: .serviceUnavailable, code: GatewayHeaders.storeUnavailable)
                response.headers[.retryAfter] = "1"
                return response
            }
        }
    }

    private func read(_ headers: HTTPFields, client: IPAddress?) -> Reading {
        for name in GatewayHeaders.originalURIHeaders {
            if let uri = headers.value(of: name), KeyInURL.occurs(inURI: uri) {
                return .answer(GatewayHeaders.answer(status: .badRequest, code: "KEY_IN_URL"))
            }
        }
        guard let key = BearerCredential.value(in: headers) ?? headers.value(of: GatewayHeaders.apiKey) else {
            var response = GatewayHeaders.answer(status: .unauthorized, code: "MISSING_KEY")
            response.headers[.wwwAuthenticate] = "Bearer"
            return .answer(response)
        }
        var verification = VerificationRequest(key: key, client: client)
        if let query = headers.value(of: GatewayHeaders.scopes) {
            do {
                verification.scopes = try scopeQueries.query(query, field: "X-Keyward-Scopes")
            } catch {
                return .answer(GatewayHeaders.answer(status: .badRequest, code: error.code.rawValue))
            }
        }
        if let text = headers.value(of: GatewayHeaders.cost) {
            guard let cost = Self.cost(text) else {
                return .answer(GatewayHeaders.answer(status: .badRequest, code: KeywardError.Code.invalidField.rawValue))
            }
            verification.cost = cost
        }
        return .verify(verification)
    }

    /// The largest cost one request may carry.
    static let maximumCost = 1_000_000

    /// `X-Keyward-Cost`: a whole number from 0 to `maximumCost`, digits only.
    static func cost(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let cost = Int(text), cost <= maximumCost
        else { return nil }
        return cost
    }
}
