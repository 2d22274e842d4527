import Hummingbird
import KeywardCore
import KeywardEngine

/// Authenticates the management token of every route it guards
/// (`Authorization: Bearer kwm_…`); routes then check scopes with
/// `context.require(_:)`. Every refusal (401, 403) is noted for the audit
/// log, which counts them per source and minute.
struct ManagementAuthMiddleware: RouterMiddleware {
    typealias Context = KeywardRequestContext
    let engine: Engine

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await Self.noteRefusal(context: context, engine: engine) {
            try await next(request, try await Self.authenticated(request, context: context, engine: engine))
        }
    }

    /// The context with the request's token in it; no token, or one refused, is thrown.
    static func authenticated(_ request: Request, context: Context, engine: Engine) async throws -> Context {
        var context = context
        guard let token = BearerCredential.value(in: request.headers) else {
            throw KeywardError(.missingToken, "send a management token as Authorization: Bearer kwm_…")
        }
        context.token = try await engine.tokens.authenticate(token)
        return context
    }

    /// Runs `body`, noting a refusal (401, 403) it throws for the audit log.
    /// Routes outside `/v1` that take a token (`/metrics`) use it too.
    static func noteRefusal<T>(context: Context, engine: Engine, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KeywardError where error.code.kind == .unauthenticated || error.code.kind == .forbidden {
            engine.auditRecorder.noteRefusedCall(code: error.code.rawValue, actor: context.audit.actor, client: context.clientAddress, at: engine.now)
            throw error
        }
    }
}

/// Reads credentials from request headers.
enum BearerCredential {
    /// The credential of `Authorization: Bearer <credential>` (scheme case-insensitive).
    static func value(in headers: HTTPFields) -> String? {
        guard let authorization = headers.value(of: .authorization) else { return nil }
        var text = authorization
        return text.withUTF8 { bytes -> String? in
            let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
            let scheme: StaticString = "bearer"
            guard bytes.count > scheme.utf8CodeUnitCount else { return nil }
            for index in 0..<scheme.utf8CodeUnitCount where bytes[index] | 0x20 != scheme.utf8Start[index] { return nil }
            var start = scheme.utf8CodeUnitCount
            guard bytes[start] == space else { return nil }
            while start < bytes.count, bytes[start] == space || bytes[start] == tab { start += 1 }
            var end = bytes.count
            while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
            guard end > start else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
