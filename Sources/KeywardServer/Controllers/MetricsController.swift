import Hummingbird
import KeywardCore
import KeywardEngine
import NIOCore

/// `GET /metrics`: Prometheus text (SPEC §5). It needs a token with
/// `metrics:read` or `admin`, unless `serve --metrics-public`. No label holds a
/// key, a token or a secret: labels are codes, alert types and outcomes.
struct MetricsController {
    let engine: Engine
    let isPublic: Bool

    func addRoutes(to router: Router<KeywardRequestContext>) {
        router.get("metrics") { request, context in
            if !isPublic {
                try await ManagementAuthMiddleware.noteRefusal(context: context, engine: engine) {
                    _ = try await ManagementAuthMiddleware.authenticated(request, context: context, engine: engine)
                        .require(ManagementScope.metricsRead)
                }
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: engine.metricsExposition())))
        }
    }
}
