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
        let separator = Array("\r\n\r\n".utf8)
        var bytes: [UInt8] = []
        var ends = 0
        var scanned = 0
        while ends < count {
            let more = try await receive()
            if more.isEmpty { break }
            bytes.append(contentsOf: more.utf8)
            // From the first place not yet checked whole (up to three bytes before the new ones).
            var index = scanned
            while index + separator.count <= bytes.count {
                if bytes[index..<index + separator.count].elementsEqual(separator) {
                    ends += 1
                    index += separator.count
                } else {
                    index += 1
                }
            }
            scanned = index
        }
        return String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
    }

    /// `send` on a Dispatch thread: a large request blocks until the server
    /// reads it, which it may do only once its answers are read.
    func sendFromAnotherThread(_ text: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global().async {
                do {
                    try self.send(text)
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// On the calling thread, which it blocks: a new connection sends each
    /// request and reads its answer (one read: an empty-bodied answer of a few
    /// hundred bytes), then closes.
    static func converse(port: Int, _ requests: [String]) throws -> [String] {
        let connection = try RawConnection(port: port)
        defer { connection.close() }
        return try requests.map { request in
            try connection.send(request)
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(connection.socket, &buffer, buffer.count, 0)
            guard count > 0 else { throw KeywardError(.internalError, "no answer: \(String(cString: strerror(errno)))") }
            return String(decoding: buffer[0..<count], as: UTF8.self)
        }
    }

    func close() { Glibc.close(socket) }
}
