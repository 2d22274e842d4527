import AsyncHTTPClient
import Foundation
import KeywardCore
import KeywardEngine
import NIOCore
import NIOPosix
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Webhook requests over async-http-client: no redirects followed (a redirect
/// could lead to a metadata address), a timeout per attempt, and a host name
/// resolved and checked against `WebhookAddressPolicy` before the request.
/// The check and the client's own resolution are two lookups: a name whose
/// answer changes between them (DNS rebinding) is not caught (docs/monitoring.md).
final class HTTPWebhookTransport: WebhookTransport {
    /// Made at the first delivery, so a server that never sends one (or fails
    /// to start) has no client to shut down.
    private let made = Mutex<HTTPClient?>(nil)

    var client: HTTPClient {
        made.withLock { made in
            if let made { return made }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30)))
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.decompression = .disabled
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            made = client
            return client
        }
    }

    func post(to url: WebhookURL, headers: [(String, String)], body: [UInt8], timeout: Duration, allowPrivate: Bool) async throws -> Int {
        if !allowPrivate, IPAddress(url.host) == nil {
            let host = url.host
            let addresses = try await NIOThreadPool.singleton.runIfActive { Self.resolve(host) }
            guard !addresses.isEmpty else { throw WebhookTransportFailure("\(host) does not resolve") }
            for address in addresses {
                if let reason = WebhookAddressPolicy.refusal(address) {
                    throw WebhookTransportFailure("\(host) resolves to \(address), refused: \(reason)", refused: true)
                }
            }
        }
        var request = HTTPClientRequest(url: url.text)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        do {
            let response = try await client.execute(request, timeout: .milliseconds(max(1, milliseconds)))
            // The answer's body is not used; reading a little lets the connection be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return Int(response.status.code)
        } catch let error as HTTPClientError {
            throw WebhookTransportFailure(Self.describe(error))
        } catch {
            throw WebhookTransportFailure("no answer: \(type(of: error))")
        }
    }

    func shutdown() async {
        let client = made.withLock { made in
            defer { made = nil }
            return made
        }
        try? await client?.shutdown()
    }

    /// Words for a client failure; never the URL (its path may be a credential).
    static func describe(_ error: HTTPClientError) -> String {
        switch error {
        case .deadlineExceeded, .readTimeout: "no answer within the timeout"
        case .connectTimeout: "could not connect within the timeout"
        case .remoteConnectionClosed: "the receiver closed the connection"
        default: "the request failed (\(String(describing: error).prefix(120)))"
        }
    }

    /// Every address `host` resolves to (blocking: run on the thread pool).
    static func resolve(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next, addresses.count < 64 {
            if let socketAddress = info.pointee.ai_addr {
                if info.pointee.ai_family == AF_INET {
                    let v4 = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                    let octets = withUnsafeBytes(of: v4) { ($0[0], $0[1], $0[2], $0[3]) }
                    addresses.append(IPAddress(ipv4: octets))
                } else if info.pointee.ai_family == AF_INET6 {
                    let v6 = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                    addresses.append(IPAddress(bytes: withUnsafeBytes(of: v6) { Array($0) }))
                }
            }
            next = info.pointee.ai_next
        }
        return addresses
    }
}
