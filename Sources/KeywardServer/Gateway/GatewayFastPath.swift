import HTTPTypes
import KeywardCore
import NIOCore
import NIOHTTPTypes

/// Answers `/v1/auth` on the event loop that read the request when memory
/// alone gives the answer (a cached key, its limits counted on this node, its
/// quota lease in hand), and hands every other request to the router as it
/// came. The router's path costs a request a hop to a task and back, a router
/// lookup, a request context and a logger; a gateway sends one such request
/// for every call its API takes.
///
/// One per connection, between Hummingbird's connection state handler (which
/// so still sees every request and answer, for its idle timeout and graceful
/// shutdown) and the router's channel. Answers go out in the order their
/// requests came: while a request handed on is unanswered, the ones behind it
/// are handed on too. Nor does it answer while the socket cannot take more
/// (a client that pipelines requests and reads no answers): the router's
/// channel then stops reading, as it does for any route.
final class GatewayFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The path of `/v1/auth`, with nothing after it but a query.
    static let path = "/v1/auth"

    private enum Reading {
        /// Between requests.
        case idle
        /// Answered here; its body (a gateway sends none) is dropped, and the
        /// answer goes out at its end.
        case answered(HTTPResponse)
        /// Handed to the router with its body.
        case handedOn
    }

    private let responder: GatewayResponder
    private let serverName: String?
    private var peer: IPAddress?
    private var reading = Reading.idle
    /// Requests handed to the router whose answers have not ended yet.
    private var unanswered = 0
    private var needsFlush = false
    private var date = HTTPDate()

    init(responder: GatewayResponder, serverName: String?) {
        self.responder = responder
        self.serverName = serverName
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A connection's peer does not change: read once, not per request.
        peer = context.channel.remoteAddress.flatMap(IPAddress.init(socketAddress:))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if unanswered == 0, context.channel.isWritable, Self.isGateway(head), var response = responder.answerFromMemory(head, peer: peer) {
                response.headerFields[.date] = date.now
                if let serverName { response.headerFields[.server] = serverName }
                response.headerFields[.contentLength] = "0"
                reading = .answered(response)
                return
            }
            unanswered += 1
            reading = .handedOn
            context.fireChannelRead(data)
        case .body:
            if case .answered = reading { return }
            context.fireChannelRead(data)
        case .end:
            guard case .answered(let response) = reading else {
                reading = .idle
                context.fireChannelRead(data)
                return
            }
            reading = .idle
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            needsFlush = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            // After the loop's other reads of this turn: the answers of every
            // connection it read go out together, as the router's do.
            let loop = context.eventLoop.assumeIsolated()
            loop.execute { context.flush() }
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), unanswered > 0 { unanswered -= 1 }
        context.write(data, promise: promise)
    }

    /// `/v1/auth` by a method the route takes, on a connection that stays
    /// open (the router closes one after `Connection: close`) and with no
    /// `Expect: 100-continue` to answer first.
    static func isGateway(_ head: HTTPRequest) -> Bool {
        guard let path = head.path, path.utf8.starts(with: Self.path.utf8) else { return false }
        let rest = path.utf8.dropFirst(Self.path.utf8.count)
        guard rest.isEmpty || rest.first == UInt8(ascii: "?") else { return false }
        guard VerificationController.methods.contains(head.method) else { return false }
        if let connection = head.headerFields[.connection], connection.lowercased().contains("close") { return false }
        return head.headerFields[.expect] == nil
    }
}
