import Foundation
import KeywardCore
import KeywardTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `keyward scan --report-leaks` against a server that answers as told: what the
/// scan sends (keys and management tokens) and what it says of the answer.
@Suite("keyward scan --report-leaks and the server's answer", .serialized)
struct ScanReportLeaksTests {
    static func scan(_ files: [String: String], answer: String) throws -> (CommandResult, [String: Any], String) {
        let folder = try TemporaryFolder("keyward-leaks")
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.file("src"), withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: folder.file("src/" + name), atomically: true, encoding: .utf8) }
        let server = try LeaksAnswerer(answer: answer)
        defer { server.stop() }
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "KEYWARD_HOME": folder.file("home")]
        let scan = try KeywardBinary.run(
            ["scan", folder.file("src"), "--report-leaks", "--addr", server.address, "--token", "test-token"], environment: environment)
        let body = server.bodies.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] } ?? [:]
        return (scan, body, server.address)
    }

    @Test("management tokens are sent with the keys, and the tokens the server revoked are counted")
    func managementTokens() throws {
        let key = APIKey.generate(prefix: try KeyPrefix(keyspacePrefix: "acme_live")).secret
        let token = APIKey.generate(prefix: .managementToken).secret
        let (scan, body, address) = try Self.scan(
            ["settings.env": "API_KEY=\(key)\n", "ci.env": "KEYWARD_TOKEN=\(token)\n"],
            answer: #"{"revoked":[{"id":"key_1"}],"alreadyRevoked":[],"notFound":0,"malformed":0,"revokedTokens":1}"#)
        #expect(scan.status == 1, "\(scan)")
        #expect(body["keys"] as? [String] == [key, token].sorted())
        #expect(body["source"] as? String == "keyward scan")
        #expect(
            scan.stderr.contains(
                "reported 1 Keyward key and 1 management token to \(address): 1 revoked now, 0 already revoked, 0 unknown to this server; 1 management token revoked"
            ), "\(scan.stderr)")
        #expect(!scan.stderr.contains(key) && !scan.stderr.contains(token) && !scan.stdout.contains(token), "the scan printed a secret")
    }

    @Test("one key is one key; an answer without revokedTokens is no revoked token")
    func singularAndOlderServers() throws {
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        let (scan, body, address) = try Self.scan(
            ["settings.env": "API_KEY=\(key)\n"], answer: #"{"revoked":[],"alreadyRevoked":[{"id":"key_1"}],"notFound":0,"malformed":0}"#)
        #expect(scan.status == 1, "\(scan)")
        #expect(body["keys"] as? [String] == [key])
        #expect(
            scan.stderr.contains("reported 1 Keyward key to \(address): 0 revoked now, 1 already revoked, 0 unknown to this server\n"),
            "\(scan.stderr)")
        #expect(!scan.stderr.contains("management token"))
    }
}

/// A one-route HTTP server on a free local port that records each request body
/// and answers 200 with `answer`, one connection at a time.
final class LeaksAnswerer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let answer: String
    private let lock = NSLock()
    private var received: [String] = []

    var address: String { "http://127.0.0.1:\(port)" }
    var bodies: [String] { lock.withLock { received } }

    init(answer: String) throws {
        self.answer = answer
        let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(listener, $0, length) == 0 && Glibc.listen(listener, 8) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard listener >= 0, listening else { throw EndToEndError("cannot listen on a local port") }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            respond(on: connection)
            close(connection)
        }
    }

    private func respond(on connection: Int32) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let separator = Array("\r\n\r\n".utf8)
        var bodyStart: Int?
        var length = 0
        while true {
            if let start = bodyStart, data.count - start >= length { break }
            let count = recv(connection, &buffer, buffer.count, 0)
            guard count > 0 else { return }
            data += buffer[0..<count]
            if bodyStart == nil, let end = Self.find(separator, in: data) {
                bodyStart = end + separator.count
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        guard let start = bodyStart else { return }
        lock.withLock { received.append(String(decoding: data[start..<(start + length)], as: UTF8.self)) }
        let response =
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(answer.utf8.count)\r\nConnection: close\r\n\r\n\(answer)"
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return }
            sent += count
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
