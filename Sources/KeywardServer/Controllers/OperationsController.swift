import Hummingbird
import KeywardCore
import NIOCore

/// `/healthz` (the process answers), `/readyz` (the store answers) and
/// `/openapi.json`.
struct OperationsController {
    let services: KeywardServices

    func addRoutes(to router: Router<KeywardRequestContext>) {
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("readyz") { _, context in
            do {
                _ = try await services.store.isEmpty()
                return JSONBody.response(JSONValue.object(["status": .string("ready")]))
            } catch {
                context.logger.warning("not ready: the store does not answer", metadata: ["error": "\(error)"])
                throw KeywardError(.unavailable, "the store does not answer")
            }
        }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json))
            )
        }
    }
}
