import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeywardCore
import KeywardServer
import KeywardStore
import KeywardTesting
import NIOCore
import Synchronization
import Testing

/// A Keyward server on a fresh SQLite file in a temporary folder, with a manual
/// clock and captured logs; `run` drives it in-process (or live on loopback).
struct TestServer: Sendable {
    let folder: TemporaryFolder
    let clock: ManualClock
    let logs: CapturedLogs
    let built: KeywardApplication
    let rootToken: String
    /// Every response body the tests saw, to search for leaked secrets.
    let seen = SeenBodies()

    static func make(
        store: (@Sendable (String) async throws -> any Store)? = nil, configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        let folder = try TemporaryFolder("keyward-server")
        let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
        let logs = CapturedLogs()
        var configuration = ServerConfiguration(tokenFile: folder.file("home/token"))
        configuration.databasePath = folder.file("keyward.db")
        configuration.port = 0
        // bcrypt at its lowest cost: a test logs in often; the cost itself is measured in docs/benchmarks.md.
        configuration.users.bcryptCost = 4
        configure(&configuration)
        let givenStore = try await store?(configuration.databasePath)
        let built = try await KeywardApplication.build(configuration: configuration, store: givenStore, clock: clock, logger: logs.logger())
        let root = try #require(built.rootToken)
        return TestServer(folder: folder, clock: clock, logs: logs, built: built, rootToken: root.secret)
    }

    /// Makes a server, runs `body` against it, and removes it, also when `body` throws.
    static func run<Value: Sendable>(
        _ setup: TestingSetup = .router,
        store: (@Sendable (String) async throws -> any Store)? = nil,
        configure: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer, APIDriver) async throws -> Value
    ) async throws -> Value {
        try await TestServerSlots.withSlot {
            let server = try await make(store: store, configure: configure)
            do {
                let value = try await server.run(setup) { api in try await body(server, api) }
                await server.remove()
                return value
            } catch {
                await server.remove()
                throw error
            }
        }
    }

    func run<Value: Sendable>(_ setup: TestingSetup = .router, _ body: @Sendable (APIDriver) async throws -> Value) async throws -> Value {
        try await built.application.test(setup) { client in
            try await body(APIDriver(client: client, token: rootToken, seen: seen))
        }
    }

    func remove() async {
        try? await built.engine.store.close()
        folder.remove()
    }
}

/// Answers a test looks at: status, headers and the body as JSON.
struct APIAnswer: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: [UInt8]

    var json: [String: JSONValue] {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body)))?.objectValue ?? [:]
    }

    func string(_ name: String) -> String? {
        if case .string(let text)? = json[name] { return text }
        return nil
    }

    var items: [[String: JSONValue]] {
        guard case .array(let items)? = json["items"] else { return [] }
        return items.compactMap(\.objectValue)
    }

    var code: String? { string("code") }
    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends requests with the root token (or another) and remembers every body.
struct APIDriver: Sendable {
    let client: any TestClientProtocol
    let token: String?
    let seen: SeenBodies

    func with(token: String?) -> APIDriver {
        APIDriver(client: client, token: token, seen: seen)
    }

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers: HTTPFields = [:]) async throws -> APIAnswer {
        var headers = headers
        if let token, headers[.authorization] == nil { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        let answer = APIAnswer(status: response.status, headers: response.headers, body: Array(response.body.readableBytesView))
        seen.add(answer.text)
        return answer
    }

    func post(_ uri: String, _ json: String) async throws -> APIAnswer {
        try await send(.post, uri, json: json)
    }

    func get(_ uri: String) async throws -> APIAnswer {
        try await send(.get, uri)
    }

    /// Creates a keyspace and returns its id.
    func keyspace(_ name: String, extra: String = "") async throws -> String {
        let answer = try await post("/v1/keyspaces", #"{"name":"\#(name)"\#(extra)}"#)
        guard answer.status == .created, let id = answer.string("id") else {
            throw KeywardError(.internalError, "keyspace creation answered \(answer.status): \(answer.text)")
        }
        return id
    }

    /// Creates a key and returns (plaintext, id).
    func key(in keyspace: String, extra: String = "") async throws -> (key: String, id: String) {
        let answer = try await post("/v1/keys", #"{"keyspace":"\#(keyspace)"\#(extra)}"#)
        guard answer.status == .created, let key = answer.string("key"), let id = answer.string("id") else {
            throw KeywardError(.internalError, "key creation answered \(answer.status): \(answer.text)")
        }
        return (key, id)
    }

    func verify(_ key: String, extra: String = "") async throws -> APIAnswer {
        try await post("/v1/keys/verify", #"{"key":"\#(key)"\#(extra)}"#)
    }

    func auth(_ headers: HTTPFields) async throws -> APIAnswer {
        try await with(token: nil).send(.get, "/v1/auth", headers: headers)
    }
}

/// Response bodies seen, for leak checks.
final class SeenBodies: Sendable {
    private let bodies = Mutex<[String]>([])
    func add(_ body: String) { bodies.withLock { $0.append(body) } }
    var all: [String] { bodies.withLock { $0 } }
}
