import Hummingbird
import KeywardCore
import Logging
import NIOCore
import NIOHTTP1

/// Turns every error into problem details. Keyward's own errors keep their code;
/// the router's (no such route) get one; anything else is a 500 whose detail
/// stays in the log.
///
/// Neither answers nor logs repeat the request path: a key pasted into a URL
/// would come back in them. Logs name the matched route's template instead.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = KeywardRequestContext
    /// The router's routes, for 405 answers.
    let routes: RouteTable

    static func route(of context: Context) -> String {
        context.endpointPath ?? "(no route)"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as KeywardError {
            if error.code.kind == .internalFailure || error.code.kind == .unavailable {
                context.logger.error("request failed", metadata: ["route": "\(Self.route(of: context))", "error": "\(error)"])
            }
            return try ProblemDetails(error).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try ProblemDetails(
                status: .contentTooLarge, code: "BODY_TOO_LARGE", detail: "the request body exceeds \(JSONBody.maximumSize) bytes"
            )
            .response(from: request, context: context)
        } catch is HTTPParserError {
            // A body that breaks HTTP framing (a bad chunk size, say) is the client's error.
            return try ProblemDetails(status: .badRequest, code: "INVALID_BODY", detail: "the request body is not valid HTTP (bad chunked encoding?)")
                .response(from: request, context: context)
        } catch let error as ProblemDetails {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let problem: ProblemDetails
            switch error.status {
            case .notFound:
                let allowed = routes.allowedMethods(for: request.uri.path)
                if allowed.isEmpty {
                    problem = ProblemDetails(
                        status: .notFound, code: "ROUTE_NOT_FOUND", detail: "no route answers \(request.method) on this path; see /openapi.json")
                } else {
                    var refused = ProblemDetails(
                        status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED",
                        detail: "\(request.method) is not allowed on this path; it takes \(allowed.joined(separator: ", "))")
                    refused.extraHeaders[.allow] = allowed.joined(separator: ", ")
                    problem = refused
                }
            case .contentTooLarge:
                problem = ProblemDetails(
                    status: .contentTooLarge, code: "BODY_TOO_LARGE", detail: "the request body exceeds \(JSONBody.maximumSize) bytes")
            case .methodNotAllowed:
                problem = ProblemDetails(
                    status: .methodNotAllowed, code: "METHOD_NOT_ALLOWED", detail: "\(request.method) is not allowed on this path; see /openapi.json")
            default:
                problem = ProblemDetails(status: error.status, code: "HTTP_\(error.status.code)", detail: error.status.reasonPhrase)
            }
            return try problem.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["route": "\(Self.route(of: context))", "errorType": "\(type(of: error))"])
            return try ProblemDetails(
                status: .internalServerError, code: "INTERNAL", detail: "Keyward failed to handle the request; the server log has the details"
            )
            .response(from: request, context: context)
        }
    }
}
