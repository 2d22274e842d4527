import HTTPTypes
import Hummingbird
import KeywardCore

/// Names the client of a request that came through a trusted proxy, from its
/// `X-Forwarded-For` (or `X-Real-IP`); added only when `--trusted-proxy` is set.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = KeywardRequestContext
    let resolver: ClientAddress

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let realIP = HTTPField.Name("X-Real-IP")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let resolved = resolver.resolve(
            peer: context.peerAddress, forwardedFor: request.headers[values: Self.forwardedFor], realIP: request.headers[Self.realIP])
        if resolved != context.peerAddress { context.forwardedClient = resolved }
        return try await next(request, context)
    }
}
