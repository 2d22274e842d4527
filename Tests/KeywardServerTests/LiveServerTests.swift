import Foundation
import HTTPTypes
import KeywardCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("The same application on a live loopback socket")
struct LiveServerTests {
    @Test("issue, verify and revoke over a real connection")
    func live() async throws {
        try await TestServer.run(.live) { server, api in
            _ = try await api.keyspace("live")
            let (key, id) = try await api.key(in: "live", extra: #","owner":"bob""#)
            let answer = try await api.auth([.authorization: "Bearer \(key)"])
            #expect(answer.status == .ok)
            #expect(answer.headers[HTTPField.Name("X-Keyward-Key-Id")!] == id)
            #expect(try await api.verify(key).code == "VALID")
            #expect(try await api.post("/v1/keys/\(id)/revoke", "{}").status == .ok)
            #expect(try await api.auth([.authorization: "Bearer \(key)"]).status == .unauthorized)
        }
    }

    @Test("an idle connection is closed after the idle timeout; an active one is not")
    func idleTimeout() async throws {
        let server = try await TestServer.make(configure: { $0.idleTimeoutSeconds = 2 })
        do {
            try await server.run(.live) { api in
                let port = try #require(api.client.port)
                let idle = try RawConnection(port: port)
                defer { idle.close() }
                var busy = try RawConnection(port: port)
                defer { busy.close() }
                // The server has seen activity on `busy` no earlier than `reference` (the
                // connect, or the start of the last request sent), so it may not close the
                // connection before `reference` + 2 s. A request whose send is done within
                // 1.5 s of it must be answered; one that a starved test process sends later
                // may rightly meet a closed connection, and is not judged.
                var reference = ContinuousClock.now
                var judged = 0
                for _ in 0..<10 {
                    if ContinuousClock.now - reference > .milliseconds(1_500) {
                        busy.close()
                        reference = .now
                        busy = try RawConnection(port: port)
                    }
                    let sending = ContinuousClock.now
                    let sent = (try? busy.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")) != nil
                    let inTime = ContinuousClock.now - reference < .milliseconds(1_500)
                    let answer = sent ? ((try? await busy.receive()) ?? "") : ""
                    if inTime {
                        judged += 1
                        #expect(answer.hasPrefix("HTTP/1.1 200"), "an active connection was closed \(sending - reference) after its last activity")
                    } else if !answer.hasPrefix("HTTP/1.1 200") {
                        busy.close()
                        reference = .now
                        busy = try RawConnection(port: port)
                        continue
                    }
                    reference = sending
                    try await Task.sleep(for: .milliseconds(400))
                }
                #expect(judged >= 5, "too few requests were sent in time to judge the active connection: \(judged)")
                #expect(try await idle.receive().isEmpty, "the idle connection is still open after 4 s")
            }
            await server.remove()
        } catch {
            await server.remove()
            throw error
        }
    }

    @Test("a malformed chunked body is a 400, not a 500")
    func badChunk() async throws {
        try await TestServer.run(.live) { server, api in
            let port = try #require(api.client.port)
            let connection = try RawConnection(port: port)
            defer { connection.close() }
            try connection.send(
                // Nothing after the bad chunk size: the server reads all that was sent, so its
                // close after the answer is a FIN, not a reset that would discard the answer.
                "POST /v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(server.rootToken)\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
            )
            let answer = try await connection.receive()
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(40))")
            #expect(answer.contains("INVALID_BODY"))
        }
    }
}

/// A plain TCP connection to 127.0.0.1, for tests below HTTP clients.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Generous: the whole suite runs in parallel on two cores.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw KeywardError(.internalError, "cannot connect to port \(port)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(socket, bytes, bytes.count, 0) == bytes.count else { throw KeywardError(.internalError, "send failed") }
    }

    /// What the server sent next; empty when it closed the connection. The
    /// blocking `recv` runs on a Dispatch thread, never on one of the few
    /// threads of Swift's cooperative pool, where it would starve the server's
    /// own request handlers (and time out waiting for them).
    func receive() async throws -> String {
        let socket = self.socket
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count >= 0 else {
                    let reason = String(cString: strerror(errno))
                    continuation.resume(throwing: KeywardError(.internalError, "receive failed or timed out: \(reason)"))
                    return
                }
                continuation.resume(returning: String(decoding: buffer[0..<count], as: UTF8.self))
            }
        }
    }

    func close() { Glibc.close(socket) }
}
