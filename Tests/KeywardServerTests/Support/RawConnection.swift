import Foundation
import KeywardCore

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Reads until `count` answers with empty bodies (`Content-Length: 0`)
    /// have come, or the server closed the connection; the answers as they came.
    func receiveAnswers(_ count: Int) async throws -> [String] {
        var text = ""
        while text.components(separatedBy: "\r\n\r\n").count <= count {
            let more = try await receive()
            if more.isEmpty { break }
            text += more
        }
        return text.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
    }

    func close() { Glibc.close(socket) }
}
