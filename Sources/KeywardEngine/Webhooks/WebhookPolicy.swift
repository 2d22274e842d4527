import Foundation
import KeywardCore

/// How webhooks are delivered (docs/monitoring.md): a timeout per attempt,
/// then retries with exponential backoff until `retryFor` has passed since
/// the first attempt.
public struct WebhookPolicy: Sendable, Equatable {
    /// One attempt's limit, connection included.
    public var timeout: Duration
    /// The wait after the first failure; each later wait doubles, up to `maximumBackoff`.
    public var firstRetry: Duration
    public var maximumBackoff: Duration
    /// No attempt starts later than this after the first one.
    public var retryFor: Duration
    /// `--allow-private-webhooks`: link-local and metadata addresses allowed.
    public var allowPrivate: Bool
    /// Attempts in flight at once.
    public var concurrency: Int
    /// Deliveries waiting at most; beyond it new ones are dropped and logged.
    public var maximumQueued: Int

    public init(
        timeout: Duration = .seconds(10), firstRetry: Duration = .seconds(1), maximumBackoff: Duration = .seconds(300),
        retryFor: Duration = .seconds(3600), allowPrivate: Bool = false, concurrency: Int = 4, maximumQueued: Int = 10_000
    ) {
        self.timeout = timeout
        self.firstRetry = firstRetry
        self.maximumBackoff = maximumBackoff
        self.retryFor = retryFor
        self.allowPrivate = allowPrivate
        self.concurrency = max(1, concurrency)
        self.maximumQueued = max(1, maximumQueued)
    }

    /// The wait after failed attempt `attempt` (1 for the first).
    public func backoff(after attempt: Int) -> Duration {
        var wait = firstRetry
        for _ in 1..<max(1, attempt) {
            wait *= 2
            if wait >= maximumBackoff { return maximumBackoff }
        }
        return min(wait, maximumBackoff)
    }
}

/// Sends one webhook request: the server's HTTP client in production, which
/// checks what a host name resolves to before it connects.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` with `headers` to `url` and answers the status code; throws
    /// `WebhookTransportFailure` when there is no answer within `timeout` or
    /// the address is refused by the policy.
    func post(to url: WebhookURL, headers: [(String, String)], body: [UInt8], timeout: Duration, allowPrivate: Bool) async throws -> Int
    /// Closes the connections (the dispatcher calls it as it stops).
    func shutdown() async
}

/// Why an attempt got no answer, in words fit for `webhook deliveries`.
public struct WebhookTransportFailure: Error, Sendable {
    public var message: String
    /// The address was refused (`refused`, never retried), not unreachable.
    public var refused: Bool

    public init(_ message: String, refused: Bool = false) {
        self.message = message
        self.refused = refused
    }
}
