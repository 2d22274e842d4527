import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// A real HTTP receiver on a loopback port: it records every request and
/// answers with the scripted statuses in turn (the last one repeats), after
/// `delay` when one is set.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var headers: HTTPFields
        var body: [UInt8]
    }

    private let received = Mutex<[Received]>([])
    private let statuses: [Int]
    private let delay: Duration?

    init(statuses: [Int] = [200], delay: Duration? = nil) {
        self.statuses = statuses
        self.delay = delay
    }

    var requests: [Received] { received.withLock { $0 } }

    /// Runs the receiver for the length of `body`, which gets its URL.
    func run<Value: Sendable>(_ body: @Sendable (String) async throws -> Value) async throws -> Value {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let index = self.received.withLock { list in
                list.append(Received(headers: request.headers, body: Array(bytes.readableBytesView)))
                return list.count - 1
            }
            if let delay = self.delay { try? await Task.sleep(for: delay) }
            return Response(status: HTTPResponse.Status(code: self.statuses[min(index, self.statuses.count - 1)]))
        }
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await application.test(.live) { client in
            let port = try #require(client.port)
            return try await body("http://127.0.0.1:\(port)/hook")
        }
    }

    /// Waits up to `seconds` for `condition`, polling every 20 ms.
    static func eventually(seconds: Double = 10, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
