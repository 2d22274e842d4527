import HTTPTypes
import Hummingbird
import KeywardCore

/// Names the client of a request that came through a trusted proxy, from its
/// `X-Forwarded-For` (or `X-Real-IP`); added only when `--trusted-proxy` is set.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = KeywardRequestContext
    let resolver: ClientAddress

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let resolved = resolver.resolve(peer: context.peerAddress, headers: request.headers)
        if resolved != context.peerAddress { context.forwardedClient = resolved }
        return try await next(request, context)
    }
}
