import AsyncHTTPClient
import NIOCore
import Testing

@testable import keyward

#if canImport(Glibc)
    import Glibc
#endif

/// The pieces behind the CLI's messages, for the cases a live run cannot reach
/// quickly (a connection that times out).
@Suite("CLI message parts")
struct CLIPartsTests {
    @Test("transport errors become short reasons")
    func reasons() {
        let cases: [(any Error, String)] = [
            (IOError(errnoCode: ECONNREFUSED, reason: "connection reset (error set)"), "connection refused (is keyward serve running?)"),
            (HTTPClientError.connectTimeout, "connection timed out (is the address right?)"),
            (IOError(errnoCode: ETIMEDOUT, reason: "connect"), "connection timed out (is the address right?)"),
            (ChannelError.connectTimeout(.seconds(10)), "connection timed out (is the address right?)"),
            (HTTPClientError.readTimeout, "the server did not answer in time"),
            (HTTPClientError.deadlineExceeded, "the server did not answer in time"),
            (HTTPClientError.tlsHandshakeTimeout, "TLS failure: the handshake timed out"),
            (SocketAddressError.unknown(host: "nowhere", port: 1), "host not found (check --addr or KEYWARD_ADDR)"),
            (IOError(errnoCode: ENETUNREACH, reason: "connect"), "network unreachable"),
            (HTTPClientError.remoteConnectionClosed, "the server closed the connection (does it serve https?)"),
        ]
        for (error, expected) in cases {
            let failure = ConnectionFailure(error, plainHTTP: true)
            #expect(failure.message(address: "http://h:1") == "error: cannot reach the Keyward server at http://h:1: \(expected)", "\(error)")
        }
    }

    @Test("a reason is found inside the errors that wrap it")
    func wrapped() {
        struct Attempt: Error { let error: any Error }
        struct Outer: Error {
            let host = "h"
            let dnsError: (any Error)? = nil
            let attempts: [Attempt]
        }
        let outer = Outer(attempts: [Attempt(error: IOError(errnoCode: ECONNREFUSED, reason: "connect"))])
        #expect(ConnectionFailure(outer, plainHTTP: true).reason == "connection refused")
    }

    @Test("loopback addresses, and the plain-http warning for the rest")
    func loopback() throws {
        for address in ["http://127.0.0.1:8787", "http://127.255.0.9", "http://localhost:1/", "http://[::1]:8787", "http://[::ffff:127.0.0.1]:1"] {
            #expect(try ServerAddress(address).plaintextWarning == nil, "\(address)")
        }
        for address in [
            "http://10.0.0.5:8787", "http://keyward.example.com", "http://[2001:db8::1]:1", "http://128.0.0.1", "http://localhost.evil.example",
        ] {
            #expect(try ServerAddress(address).plaintextWarning != nil, "\(address)")
        }
        #expect(try ServerAddress("https://10.0.0.5").plaintextWarning == nil)
        #expect(try ServerAddress("http://10.0.0.5:8787/").text == "http://10.0.0.5:8787")
    }

    @Test("edit distance counts a swap of neighbours as one")
    func distance() {
        #expect(UnknownCommand.editDistance("kye", "key") == 1)
        #expect(UnknownCommand.editDistance("lsit", "list") == 1)
        #expect(UnknownCommand.editDistance("", "key") == 3)
        #expect(UnknownCommand.editDistance("token", "token") == 0)
        #expect(UnknownCommand.editDistance("kitten", "sitting") == 3)
        #expect(UnknownCommand.nearest(to: "kye", among: ["key", "keyspace", "token"]) == "key")
        #expect(UnknownCommand.nearest(to: "x", among: ["key", "scan"]) == nil)
    }
}
