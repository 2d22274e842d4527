import Hummingbird
import KeywardCore
import NIOCore

/// Per-request state: the socket peer and, on management routes, the token
/// that authenticated the request.
public struct KeywardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by `ManagementAuthMiddleware`.
    public var token: TokenRecord?
    /// The client named by a trusted proxy's headers (`ClientAddressMiddleware`).
    public var forwardedClient: IPAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
        self.token = nil
    }

    /// The authenticated token (routes behind `ManagementAuthMiddleware` have one).
    func requireToken() throws(KeywardError) -> TokenRecord {
        guard let token else { throw KeywardError(.missingToken, "this route needs a management token") }
        return token
    }

    /// The authenticated token, after checking that it allows `scope`.
    func require(_ scope: Scope) throws(KeywardError) -> TokenRecord {
        let token = try requireToken()
        guard ManagementScope.allows(token.scopes, scope) else {
            throw KeywardError(.insufficientScope, "the token lacks the scope \(scope.rawValue)")
        }
        return token
    }

    /// Who the audit log names for this request's actions: the token, or the
    /// client's address before a token was accepted.
    var audit: AuditContext {
        let address = clientAddress
        return AuditContext(actor: token.map(AuditActor.token) ?? .client(address), sourceIP: address?.description)
    }

    /// The client's address: named by a trusted proxy, else the socket peer.
    var clientAddress: IPAddress? { forwardedClient ?? peerAddress }

    /// The socket peer's address, when it is an IP address.
    var peerAddress: IPAddress? {
        remoteAddress.flatMap(IPAddress.init(socketAddress:))
    }
}

extension IPAddress {
    /// The address of an IP socket, read from its bytes (no text on the way);
    /// nil for a Unix socket.
    init?(socketAddress: SocketAddress) {
        switch socketAddress {
        case .v4(let address):
            var raw = address.address.sin_addr
            self.init(ipv4: withUnsafeBytes(of: &raw) { ($0[0], $0[1], $0[2], $0[3]) })
        case .v6(let address):
            var raw = address.address.sin6_addr
            self.init(bytes: withUnsafeBytes(of: &raw) { Array($0) })
        case .unixDomainSocket:
            return nil
        }
    }
}
