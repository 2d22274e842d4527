import Crypto
import Foundation
import KeywardCore
import KeywardStore
import Logging

/// Keyward's domain operations over a store, with no HTTP in sight: what the
/// server's controllers and the CLI's local commands call. One object per
/// process, made at start, holding the store, the hasher with the pepper, the
/// clock, the cached lookups and the services built on them.
public final class Engine: Sendable {
    public let store: any Store
    public let lookups: CachedLookups
    public let hasher: KeyHasher
    public let clock: any KeywardClock
    /// Verification counts, last-used times and the anomaly detectors fed by them.
    public let usage: UsageRecorder
    /// Keyspaces' `revokeUnusedAfter`, once an hour.
    public let unusedKeys: UnusedKeyRevoker
    public let alerts: AlertService
    /// Webhooks as operators manage them.
    public let webhooks: WebhookService
    /// Sends new alerts to the webhooks; nil when the engine was opened without
    /// a transport (the CLI's local commands), which delivers nothing.
    public let webhookDispatcher: WebhookDispatcher?
    public let usageReports: UsageReports
    public let hygiene: HygieneService
    public let audit: AuditLog
    /// Failed verifications and refused calls, appended off the request path.
    public let auditRecorder: AuditRecorder
    /// SPEC §4 step 2: sources blocked for brute force.
    public let sourceBlocker: SourceBlocker
    /// SPEC §4 steps 7 and 8: rate limits in memory, quota leases from the store.
    public let limits: LimitLedger
    public let logger: Logger
    /// What `/metrics` shows (docs/monitoring.md#metrics).
    public let metrics: EngineMetrics

    public let keyspaces: KeyspaceService
    public let keys: KeyService
    public let tokens: TokenService
    /// Administrators, their logins and sessions.
    public let users: UserService
    /// Users' TOTP enrolment and recovery codes.
    public let secondFactor: SecondFactor
    public let leaks: LeakService
    public let verifier: VerificationService
    /// The keyring and the fingerprinter of vault values.
    public let vault: VaultKeys
    public let secrets: SecretService
    /// SPEC §8: a new KEK and everything rewrapped under it.
    public let keyringRotation: KeyringRotation
    /// SPEC §8: the keyring sealed under a new master key.
    public let rekey: Rekey

    init(
        store: any Store, hasher: KeyHasher, auditChain: AuditChain, auditSigningKey: Curve25519.Signing.PrivateKey, vault: VaultKeys,
        clock: any KeywardClock = SystemClock(), sourceBlocking: SourceBlocker.Policy = SourceBlocker.Policy(),
        monitoring: MonitoringPolicy = MonitoringPolicy(), webhooks: WebhookPolicy = WebhookPolicy(),
        webhookTransport: (any WebhookTransport)? = nil, metrics: EngineMetrics = EngineMetrics(), users: UserPolicy = UserPolicy(),
        keyCacheSize: Int = CachedLookups.defaultKeyCapacity, logger: Logger
    ) {
        self.store = store
        self.hasher = hasher
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        let lookups = CachedLookups(store: store, capacity: keyCacheSize)
        self.lookups = lookups
        let time = EngineClock(clock: clock)
        let audit = AuditLog(store: store, chain: auditChain, signingKey: auditSigningKey, time: time, metrics: metrics)
        let listeners = AlertListeners()
        let alerts = AlertService(store: store, audit: audit, time: time, logger: logger, listeners: listeners, metrics: metrics)
        self.alerts = alerts
        self.webhooks = WebhookService(store: store, audit: audit, vault: vault, policy: webhooks, time: time)
        if let webhookTransport {
            let dispatcher = WebhookDispatcher(
                store: store, vault: vault, transport: webhookTransport, policy: webhooks, time: time, metrics: metrics, logger: logger)
            listeners.subscribe { changes in Task { await dispatcher.alertsRaised(changes) } }
            self.webhookDispatcher = dispatcher
        } else {
            self.webhookDispatcher = nil
        }
        let limits = LimitLedger(store: store)
        self.limits = limits
        let keyspaces = KeyspaceService(store: store, audit: audit, time: time)
        let keys = KeyService(store: store, audit: audit, hasher: hasher, keyspaces: keyspaces, limits: limits, time: time)
        let policies = KeyspacePolicies(store: store, logger: logger)
        let theft = TheftResponder(store: store, keys: keys, policies: policies, time: time, logger: logger)
        let usage = UsageRecorder(
            store: store, alerts: alerts, policy: monitoring.anomalies, keyspacePolicies: policies, theft: theft,
            retention: monitoring.retention, time: time, logger: logger)
        self.usage = usage
        self.unusedKeys = UnusedKeyRevoker(store: store, keys: keys, policies: policies, usage: usage, time: time, logger: logger)
        let blocker = SourceBlocker(policy: sourceBlocking)
        self.sourceBlocker = blocker
        let recorder = AuditRecorder(log: audit, time: time, logger: logger, blocker: blocker)
        self.audit = audit
        self.auditRecorder = recorder
        let tokens = TokenService(store: store, audit: audit, lookups: lookups, hasher: hasher, time: time)
        self.keyspaces = keyspaces
        self.keys = keys
        self.usageReports = UsageReports(store: store, keys: keys, keyspaces: keyspaces)
        self.hygiene = HygieneService(store: store, time: time)
        self.tokens = tokens
        let throttle = LoginThrottle(
            policy: LoginThrottle.Policy(failures: users.lockoutFailures, window: users.lockoutWindow, duration: users.lockoutDuration))
        let secondFactor = SecondFactor(store: store, audit: audit, vault: vault, hasher: hasher, time: time)
        self.secondFactor = secondFactor
        self.users = UserService(
            store: store, audit: audit, tokens: tokens,
            passwords: PasswordHashing(hasher: hasher, cost: users.bcryptCost, cpuShare: users.passwordCPUShare),
            secondFactor: secondFactor, throttle: throttle,
            blocker: blocker, sessionLifetime: users.sessionLifetime, requireMFA: users.requireMFA, stepUpSecrets: users.stepUpSecrets, time: time,
            logger: logger,
            alerts: alerts)
        self.leaks = LeakService(
            store: store, hasher: hasher, keys: keys, tokens: tokens, audit: audit, vault: vault, alerts: alerts, theft: theft, time: time,
            logger: logger)
        self.vault = vault
        self.secrets = SecretService(store: store, audit: audit, vault: vault, time: time)
        self.keyringRotation = KeyringRotation(store: store, audit: audit, vault: vault, time: time)
        self.rekey = Rekey(store: store, audit: audit, vault: vault, time: time)
        // Another node's keyring rotation reaches this one as a change of
        // everything (the keyring is a system value): adopt the stored keyring.
        store.changes.subscribe { [logger] change in
            guard change == .everything else { return }
            Task {
                do {
                    try await vault.refresh(from: store)
                } catch {
                    logger.error("the stored keyring cannot be opened with this node's master key", metadata: ["error": "\(error)"])
                }
            }
        }
        self.verifier = VerificationService(
            lookups: lookups, hasher: hasher, usage: usage, audit: recorder, blocker: blocker,
            guessDelay: GuessDelay(milliseconds: sourceBlocking.guessDelayMilliseconds, perSecond: sourceBlocking.guessesPerSecond), limits: limits,
            time: time, metrics: metrics)
    }

    /// The metrics as `/metrics` serves them, with what others count brought up to date.
    public func metricsExposition() -> [UInt8] {
        metrics.exposition(
            cache: lookups.keys.statistics, webhookQueueDepth: webhookDispatcher?.pending ?? 0, guessesWaiting: verifier.guessDelay.waiting)
    }

    /// The time now, to the millisecond (see `EngineClock`).
    public var now: Date { EngineClock(clock: clock).now }

    /// Writes what is pending (last-used times, audit notes), gives unspent
    /// quota leases back, and closes the store.
    public func shutdown() async throws {
        await usage.flush()
        await limits.releaseLeases()
        await auditRecorder.flush(closingAll: true)
        try await store.close()
    }
}

/// The time now, to the millisecond: the precision the store keeps, so a
/// record reads back exactly as it was written.
public struct EngineClock: Sendable {
    let clock: any KeywardClock

    public var now: Date { Timestamp.roundedToMilliseconds(clock.now()) }
}
