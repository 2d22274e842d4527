import Hummingbird
import KeywardCore
import Logging
import NIOCore

/// Turns every error into problem details. Keyward's own errors keep their code;
/// the router's (no such route) get one; anything else is a 500 whose detail
/// stays in the log.
///
/// Neither answers nor logs repeat the request path: a key pasted into a URL
/// would come back in them. Logs name the matched route's template instead.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = KeywardRequestContext

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
        } catch let error as ProblemDetails {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let problem: ProblemDetails
            switch error.status {
            case .notFound:
                problem = ProblemDetails(
                    status: .notFound, code: "ROUTE_NOT_FOUND", detail: "no route answers \(request.method) on this path; see /openapi.json")
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
