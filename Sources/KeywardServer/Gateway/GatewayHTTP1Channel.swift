import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// HTTP/1.1 as Hummingbird serves it, with `GatewayFastPath` between the
/// connection's state handler and the router's channel.
struct GatewayHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let gateway: GatewayResponder
    let serverName: String?

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // On the channel's event loop, before its first read.
            let pipeline = channel.pipeline.syncOperations
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(GatewayFastPath(responder: gateway, serverName: serverName), position: .after(state))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// `.http1(configuration:)` with `/v1/auth` answered from memory where it can be.
    static func http1(configuration: HTTP1Channel.Configuration, gateway: GatewayResponder, serverName: String?) -> HTTPServerBuilder {
        .init { responder in
            GatewayHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: configuration), gateway: gateway, serverName: serverName)
        }
    }
}
