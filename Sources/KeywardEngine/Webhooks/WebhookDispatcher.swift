import Foundation
import KeywardCore
import KeywardStore
import Logging
import ServiceLifecycle
import Synchronization

/// Delivers every new alert to the webhooks that asked for its type, off the
/// request path: a raised alert only adds jobs to a bounded queue, which a
/// pass every 50 ms starts (at most `policy.concurrency` at once), so a slow
/// or dead receiver never slows a verification. Each attempt is recorded;
/// a failed one is retried with exponential backoff until `policy.retryFor`
/// has passed. Pending retries live in memory: a restart drops them (the
/// alerts stay stored and listed).
public final class WebhookDispatcher: Service, Sendable {
    struct Job: Sendable {
        var webhookID: String
        var event: WebhookEvent
        var attempt: Int
        var firstAttempt: ContinuousClock.Instant
        var due: ContinuousClock.Instant
    }

    struct Queue {
        var waiting: [Job] = []
        var inFlight = 0
    }

    let store: any Store
    let vault: VaultKeys
    let transport: any WebhookTransport
    let policy: WebhookPolicy
    let time: EngineClock
    let metrics: EngineMetrics
    let logger: Logger
    private let queue = Mutex(Queue())
    private let clock = ContinuousClock()

    init(
        store: any Store, vault: VaultKeys, transport: any WebhookTransport, policy: WebhookPolicy, time: EngineClock, metrics: EngineMetrics,
        logger: Logger
    ) {
        self.store = store
        self.vault = vault
        self.transport = transport
        self.policy = policy
        self.time = time
        self.metrics = metrics
        self.logger = logger
    }

    /// Deliveries waiting or under way (tests and `/metrics` read it).
    public var pending: Int { queue.withLock { $0.waiting.count + $0.inFlight } }

    /// Queues one delivery per webhook that receives each newly opened alert;
    /// repeats folded into an open alert are not sent again.
    func alertsRaised(_ changes: [AlertChange]) async {
        let opened = changes.filter(\.isNew).map(\.alert)
        guard !opened.isEmpty else { return }
        let webhooks: [StoredWebhook]
        do {
            webhooks = try await store.webhooks()
        } catch {
            logger.error("could not read the webhooks; \(opened.count) alerts are not sent", metadata: ["error": "\(error)"])
            return
        }
        guard !webhooks.isEmpty else { return }
        let now = clock.now
        var jobs: [Job] = []
        for alert in opened {
            let event = WebhookEvent(id: RecordID.make(.event), alert: alert, time: time.now)
            for stored in webhooks where stored.webhook.receives(alert.type) {
                jobs.append(Job(webhookID: stored.webhook.id, event: event, attempt: 1, firstAttempt: now, due: now))
            }
        }
        enqueue(jobs)
    }

    private func enqueue(_ jobs: [Job]) {
        let dropped = queue.withLock { queue -> Int in
            let room = max(0, policy.maximumQueued - queue.waiting.count)
            queue.waiting.append(contentsOf: jobs.prefix(room))
            return jobs.count - min(room, jobs.count)
        }
        if dropped > 0 { logger.warning("the webhook queue is full; dropped \(dropped) deliveries") }
    }

    /// Takes the jobs that are due, as many as there are free slots.
    private func takeDue() -> [Job] {
        let now = clock.now
        return queue.withLock { queue in
            var taken: [Job] = []
            var index = 0
            while index < queue.waiting.count && queue.inFlight < policy.concurrency {
                if queue.waiting[index].due <= now {
                    taken.append(queue.waiting.remove(at: index))
                    queue.inFlight += 1
                } else {
                    index += 1
                }
            }
            return taken
        }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    for job in self.takeDue() {
                        group.addTask {
                            await self.attempt(job)
                            self.queue.withLock { $0.inFlight -= 1 }
                        }
                    }
                    try? await Task.sleep(for: .milliseconds(50))
                }
                group.cancelAll()
            }
        }
        await transport.shutdown()
    }

    /// One attempt: sign, send, record, and queue the next attempt when it failed
    /// and the retry time allows one.
    func attempt(_ job: Job) async {
        let found: StoredWebhook?
        do {
            found = try await store.webhook(id: job.webhookID)
        } catch {
            // The store is briefly unavailable: try again at the next backoff, within the same bound.
            logger.warning("could not read webhook \(job.webhookID) for a delivery", metadata: ["error": "\(error)"])
            var retry = job
            retry.due = clock.now + policy.backoff(after: job.attempt)
            if retry.due - job.firstAttempt <= policy.retryFor { enqueue([retry]) }
            return
        }
        guard let stored = found else { return }  // deleted meanwhile: nothing more to send
        let startedAt = time.now
        let started = clock.now
        var outcome = WebhookDelivery.Outcome.failed
        var status: Int?
        var failure: String?
        do {
            let secret = try await vault.opening(from: store) { keyring in try WebhookService.secret(of: stored, keyring: keyring) }
            let body = job.event.body
            let timestamp = Int64(Date().timeIntervalSince1970)
            let headers = [
                ("Content-Type", "application/json"), ("User-Agent", "Keyward-Webhooks/1"),
                (WebhookSignature.headerName, WebhookSignature.header(secret: secret, timestamp: timestamp, body: body)),
                ("Keyward-Event-Id", job.event.id), ("Keyward-Event-Type", job.event.type.rawValue),
            ]
            let code = try await transport.post(
                to: stored.webhook.url, headers: headers, body: body, timeout: policy.timeout, allowPrivate: policy.allowPrivate)
            status = code
            if (200..<300).contains(code) { outcome = .delivered } else { failure = "the receiver answered \(code)" }
        } catch let error as WebhookTransportFailure {
            failure = error.message
            if error.refused { outcome = .refused }
        } catch let error as KeywardError {
            // The secret does not open (a damaged row): another attempt would fail alike.
            failure = error.message
            outcome = .gaveUp
        } catch {
            failure = "\(type(of: error))"
        }
        let elapsed = clock.now - started
        var next: Job?
        if outcome == .failed {
            var retry = job
            retry.attempt += 1
            retry.due = clock.now + policy.backoff(after: job.attempt)
            if retry.due - job.firstAttempt <= policy.retryFor { next = retry } else { outcome = .gaveUp }
        }
        let record = WebhookDelivery(
            webhookID: job.webhookID, eventID: job.event.id, alertID: job.event.alert.id, type: job.event.type, attempt: job.attempt,
            attemptedAt: startedAt, outcome: outcome, statusCode: status, error: failure.map { String($0.prefix(300)) },
            durationMilliseconds: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000))
        metrics.webhookAttempt(outcome)
        do {
            try await store.recordWebhookDeliveries([record])
        } catch {
            logger.warning("could not record a webhook delivery", metadata: ["webhook": "\(job.webhookID)", "error": "\(error)"])
        }
        if outcome != .delivered {
            logger.info(
                "webhook delivery \(outcome.rawValue)",
                metadata: ["webhook": "\(job.webhookID)", "host": "\(stored.webhook.url.host)", "attempt": "\(job.attempt)"])
        }
        if let next { enqueue([next]) }
    }
}
