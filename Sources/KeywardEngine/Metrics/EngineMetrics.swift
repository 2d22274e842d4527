import CoreMetrics
import KeywardCore
import KeywardStore
import Synchronization

/// What the engine counts for `/metrics` (docs/monitoring.md#metrics), through
/// swift-metrics with a factory the server hands in (Prometheus there; no-op
/// in the CLI's local commands).
///
/// Every counter is made once, here, and indexed by an ordinal, so a request
/// makes no registry lookup and no label text: a verification costs one
/// relaxed atomic add and one histogram record. What other parts already
/// count under their own locks (the caches, the webhook queue) is read when
/// `/metrics` is scraped (`collect()`), not on the request path.
public final class EngineMetrics: Sendable {
    /// Seconds; from 50 µs (a cached key) to 1 s (a store that stalls).
    public static let verificationBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .milliseconds(250), .seconds(1),
    ]
    public static let verificationDurationLabel = "keyward_verification_duration_seconds"

    private let verifications: [Counter]
    private let verificationDuration: Timer
    private let alerts: [Counter]
    private let deliveries: [Counter]
    private let auditAppends: Counter
    private let throughOutage: Counter
    private let fromMemory: Counter
    private let cacheHits: Counter
    private let cacheMisses: Counter
    private let webhookQueue: Meter
    private let guessesWaiting: Meter
    /// The cache's totals at the last scrape: counters only go up, by the difference.
    private let lastCache = Mutex<VerificationCache<VerifiableKey>.Statistics>(.init())
    /// Renders what the factory's registry holds (Prometheus text); empty without one.
    private let render: @Sendable () -> [UInt8]

    /// `render` writes out what `factory` made (the server passes its Prometheus registry's).
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance, render: @escaping @Sendable () -> [UInt8] = { [] }) {
        self.render = render
        verifications = VerificationCode.allCases.map {
            Counter(label: "keyward_verifications_total", dimensions: [("code", $0.rawValue)], factory: factory)
        }
        verificationDuration = Timer(label: Self.verificationDurationLabel, dimensions: [], factory: factory)
        alerts = AlertType.allCases.map { Counter(label: "keyward_alerts_total", dimensions: [("type", $0.rawValue)], factory: factory) }
        deliveries = WebhookDelivery.Outcome.allCases.map {
            Counter(label: "keyward_webhook_deliveries_total", dimensions: [("result", $0.rawValue)], factory: factory)
        }
        auditAppends = Counter(label: "keyward_audit_appends_total", dimensions: [], factory: factory)
        throughOutage = Counter(label: "keyward_verifications_through_outage_total", dimensions: [], factory: factory)
        fromMemory = Counter(label: "keyward_verifications_from_memory_total", dimensions: [], factory: factory)
        cacheHits = Counter(label: "keyward_key_cache_lookups_total", dimensions: [("result", "hit")], factory: factory)
        cacheMisses = Counter(label: "keyward_key_cache_lookups_total", dimensions: [("result", "miss")], factory: factory)
        webhookQueue = Meter(label: "keyward_webhook_queue_depth", dimensions: [], factory: factory)
        guessesWaiting = Meter(label: "keyward_guess_answers_waiting", dimensions: [], factory: factory)
    }

    /// One verification answered with `code` after `elapsed`.
    func verified(_ code: VerificationCode, elapsed: Duration) {
        verifications[code.ordinal].increment()
        verificationDuration.recordNanoseconds(Self.nanoseconds(elapsed))
    }

    /// One verification answered by `VerificationService.verifyFromMemory`:
    /// at `/v1/auth`, on the event loop that read the request.
    func verifiedFromMemory() {
        fromMemory.increment()
    }

    /// One verification answered from cache while the store could not be reached (a keyspace that fails open).
    func verifiedThroughOutage() {
        throughOutage.increment()
    }

    func alertRaised(_ type: AlertType) {
        alerts[Self.ordinal(of: type, in: AlertType.allCases)].increment()
    }

    func webhookAttempt(_ outcome: WebhookDelivery.Outcome) {
        deliveries[Self.ordinal(of: outcome, in: WebhookDelivery.Outcome.allCases)].increment()
    }

    func auditAppended(_ count: Int) {
        if count > 0 { auditAppends.increment(by: Int64(count)) }
    }

    /// The metrics as text, once the values that others keep are brought up to date.
    func exposition(cache: VerificationCache<VerifiableKey>.Statistics, webhookQueueDepth: Int, guessesWaiting: Int) -> [UInt8] {
        collect(cache: cache, webhookQueueDepth: webhookQueueDepth, guessesWaiting: guessesWaiting)
        return render()
    }

    private func collect(cache: VerificationCache<VerifiableKey>.Statistics, webhookQueueDepth: Int, guessesWaiting: Int) {
        let (hits, misses) = lastCache.withLock { last in
            defer { last = cache }
            return (max(0, cache.hits - last.hits), max(0, cache.misses - last.misses))
        }
        if hits > 0 { cacheHits.increment(by: hits) }
        if misses > 0 { cacheMisses.increment(by: misses) }
        webhookQueue.set(webhookQueueDepth)
        self.guessesWaiting.set(guessesWaiting)
    }

    private static func ordinal<T: Equatable>(of value: T, in all: [T]) -> Int {
        all.firstIndex(of: value) ?? 0
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
