import Hummingbird
import KeywardCore
import KeywardEngine
import NIOCore

/// `/healthz` (the process answers), `/readyz` (the store answers) and
/// `/openapi.json`.
struct OperationsController {
    let engine: Engine

    func addRoutes(to router: Router<KeywardRequestContext>) {
        router.get("healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("readyz") { _, context in
            do {
                _ = try await engine.store.tokenCount()
                return try JSONBody.response(JSONValue.object(["status": .string("ready")]))
            } catch {
                context.logger.warning("not ready: the store does not answer", metadata: ["error": "\(error)"])
                throw KeywardError(.unavailable, "the store does not answer")
            }
        }
        router.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes))
            )
        }
    }
}
