import Hummingbird
import KeywardCore

/// Authenticates the management token of every route it guards
/// (`Authorization: Bearer kwm_…`); routes then check scopes with
/// `context.require(_:)`.
struct ManagementAuthMiddleware: RouterMiddleware {
    typealias Context = KeywardRequestContext
    let services: KeywardServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = BearerCredential.value(in: request.headers) else {
            throw KeywardError(.missingToken, "send a management token as Authorization: Bearer kwm_…")
        }
        var context = context
        context.token = try await services.authenticateToken(token)
        return try await next(request, context)
    }
}

/// Reads credentials from request headers.
enum BearerCredential {
    /// The credential of `Authorization: Bearer <credential>` (scheme case-insensitive).
    static func value(in headers: HTTPFields) -> String? {
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        return credential.isEmpty ? nil : credential
    }
}
