import AsyncHTTPClient
import Foundation
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a request did not reach the server or got no answer, in a few words
/// for people: `connection refused (is keyward serve running?)`. It reads the
/// errors of AsyncHTTPClient and SwiftNIO, which wrap one another (a DNS
/// failure inside a connection error, a BoringSSL error inside a handshake
/// failure), and names the first it recognises.
struct ConnectionFailure: Error {
    /// What went wrong, such as `connection refused`.
    var reason: String
    /// What to check, such as `is keyward serve running?`; nil when there is nothing useful to say.
    var hint: String?

    init(reason: String, hint: String? = nil) {
        self.reason = reason
        self.hint = hint
    }

    /// The failure for an error thrown while sending to an `http://` (`plainHTTP`) or `https://` address.
    init(_ error: any Error, plainHTTP: Bool) {
        for candidate in Self.unwrapped(error) {
            if let known = Self.recognise(candidate, plainHTTP: plainHTTP) {
                self = known
                return
            }
        }
        self.init(reason: String(describing: error))
    }

    /// The line the CLI prints.
    func message(address: String) -> String {
        "error: cannot reach the Keyward server at \(address): \(reason)" + (hint.map { " (\($0))" } ?? "")
    }

    /// The error and the errors it carries (its payloads, members and their
    /// elements), outermost first, a few levels deep.
    static func unwrapped(_ error: any Error) -> [any Error] {
        var found: [any Error] = []
        func visit(_ value: Any, depth: Int) {
            if let error = value as? any Error { found.append(error) }
            guard depth < 4 else { return }
            for child in Mirror(reflecting: value).children { visit(child.value, depth: depth + 1) }
        }
        visit(error, depth: 0)
        return found
    }

    private static func recognise(_ error: any Error, plainHTTP: Bool) -> ConnectionFailure? {
        if let error = error as? HTTPClientError { return Self.recognise(client: error, plainHTTP: plainHTTP) }
        if let error = error as? IOError { return Self.recognise(errno: error.errnoCode) }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return ConnectionFailure(reason: "connection timed out", hint: "is the address right?")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return Self.closed(plainHTTP: plainHTTP)
            default: return nil
            }
        }
        if error is SocketAddressError.UnknownHost { return ConnectionFailure(reason: "host not found", hint: "check --addr or KEYWARD_ADDR") }
        if let error = error as? SocketAddressError, case .unknown = error {
            return ConnectionFailure(reason: "host not found", hint: "check --addr or KEYWARD_ADDR")
        }
        // NIOSSL is not a dependency of this target: its errors are known by their module.
        if String(reflecting: type(of: error)).hasPrefix("NIOSSL.") { return Self.recognise(tls: String(describing: error)) }
        return nil
    }

    private static func recognise(client error: HTTPClientError, plainHTTP: Bool) -> ConnectionFailure? {
        switch error {
        case .connectTimeout: ConnectionFailure(reason: "connection timed out", hint: "is the address right?")
        case .readTimeout, .writeTimeout, .deadlineExceeded: ConnectionFailure(reason: "the server did not answer in time")
        case .tlsHandshakeTimeout: ConnectionFailure(reason: "TLS failure: the handshake timed out")
        case .remoteConnectionClosed: Self.closed(plainHTTP: plainHTTP)
        default: nil
        }
    }

    private static func recognise(errno code: CInt) -> ConnectionFailure {
        switch code {
        case ECONNREFUSED: ConnectionFailure(reason: "connection refused", hint: "is keyward serve running?")
        case ETIMEDOUT: ConnectionFailure(reason: "connection timed out", hint: "is the address right?")
        case ECONNRESET, EPIPE: ConnectionFailure(reason: "the server closed the connection")
        case EHOSTUNREACH: ConnectionFailure(reason: "host unreachable")
        case ENETUNREACH: ConnectionFailure(reason: "network unreachable")
        default: ConnectionFailure(reason: String(cString: strerror(code)).lowercased())
        }
    }

    private static func recognise(tls description: String) -> ConnectionFailure {
        if description.contains("WRONG_VERSION_NUMBER") || description.contains("HTTP_REQUEST") {
            return ConnectionFailure(reason: "TLS failure: the server does not speak TLS", hint: "use an http:// address?")
        }
        if description.contains("Couldn't find") || description.contains("failedToValidateHostname") {
            return ConnectionFailure(reason: "TLS failure: the server's certificate is not for this host")
        }
        if description.contains("CERTIFICATE_VERIFY_FAILED") {
            return ConnectionFailure(reason: "TLS failure: the server's certificate is not trusted")
        }
        return ConnectionFailure(reason: "TLS failure: the handshake failed")
    }

    private static func closed(plainHTTP: Bool) -> ConnectionFailure {
        ConnectionFailure(reason: "the server closed the connection", hint: plainHTTP ? "does it serve https?" : nil)
    }
}
