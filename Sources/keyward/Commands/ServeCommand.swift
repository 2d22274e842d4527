import ArgumentParser
import Foundation
import Hummingbird
import KeywardCore
import KeywardEngine
import KeywardServer
import KeywardStore
import Logging
import NIOCore

/// `keyward serve`: runs the server on the embedded SQLite store, or as one node of many on PostgreSQL.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the Keyward server.")

    @Option(name: .long, help: "SQLite database file (default: $KEYWARD_HOME/keyward.db, ~/.keyward/keyward.db).")
    var db: String?

    @Option(
        name: .customLong("database-url"),
        help: "A PostgreSQL database shared by many nodes, postgres://user:password@host:5432/db[?sslmode=require] (or $KEYWARD_DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("database-pool-size"), help: "The most connections this node opens to PostgreSQL.")
    var databasePoolSize = PostgresStore.defaultPoolSize

    @Option(name: .long, help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = 8787

    @Option(name: .customLong("master-key-file"), help: "Master key file (default: keyward.key beside the database).")
    var masterKeyFile: String?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain for TLS.")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for TLS.")
    var tlsKey: String?

    @Flag(name: .customLong("allow-plaintext"), help: "Allow a non-loopback bind without TLS.")
    var allowPlaintext = false

    @Flag(name: .customLong("print-root-token"), help: "On first start, print the root token once (for containers).")
    var printRootToken = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(
        name: .customLong("trusted-proxy"),
        help: "A proxy (CIDR or address, repeatable) whose X-Forwarded-For and X-Real-IP name the client.")
    var trustedProxy: [String] = []

    @Option(
        name: .customLong("block-after"),
        help: "Block a source after more than this many MALFORMED/NOT_FOUND answers in a minute (0: never).")
    var blockAfter = 50

    @Option(
        name: .customLong("key-cache-size"),
        help: "Keys held in the verification cache at most (0: none, every verification reads the store; to measure the cold path).")
    var keyCacheSize = CachedLookups.defaultKeyCapacity

    @Option(name: .customLong("block-for"), help: "How long a blocked source stays blocked, such as 15m.")
    var blockFor = "15m"

    @Option(
        name: .customLong("guess-delay-ms"),
        help: "Milliseconds each MALFORMED, NOT_FOUND and SOURCE_BLOCKED answer is held back, to slow brute force (0 to 1000; 0: none).")
    var guessDelayMilliseconds = 25

    @Option(
        name: .customLong("guess-rate"),
        help:
            "Answers to guesses (MALFORMED, NOT_FOUND, SOURCE_BLOCKED) the node sends a second at most, over all sources; the rest wait their turn, up to 2 s (0 to 1000000; 0: no pace)."
    )
    var guessRate = 1_000

    @Option(name: .customLong("usage-retention"), help: "How long usage counts are kept, such as 90d.")
    var usageRetention = "90d"

    @Option(name: .customLong("usage-minute-retention"), help: "How long usage is kept by the minute before it is rolled up into hours.")
    var usageMinuteRetention = "7d"

    @Option(name: .customLong("spike-factor"), help: "A key's minute more than this many times its baseline is a rate spike.")
    var spikeFactor = 10.0

    @Option(name: .customLong("spike-minimum"), help: "A minute with fewer answers than this is never a rate spike.")
    var spikeMinimum: Int64 = 100

    @Option(name: .customLong("new-network-after"), help: "A key first seen this long ago has history: a new network then alerts.")
    var newNetworkAfter = "24h"

    @Flag(
        name: .customLong("allow-private-webhooks"),
        help: "Let webhooks reach link-local (169.254.0.0/16, fe80::/10) and cloud metadata addresses.")
    var allowPrivateWebhooks = false

    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt's cost for user passwords (12 to 16; each step doubles a login's work).")
    var bcryptCost = 12

    @Option(name: .customLong("session-ttl"), help: "How long a login session lasts, such as 12h (5m to 7d).")
    var sessionTTL = "12h"

    @Option(
        name: .customLong("require-mfa"),
        help: "Roles whose users must have a second factor: a comma list of admin, operator, auditor, reader, or all.")
    var requireMFA: String?

    @Option(
        name: .customLong("step-up-secrets"),
        help: "A vault path glob (repeatable, such as payments/*) whose values a login session reads only with a fresh second factor.")
    var stepUpSecrets: [String] = []

    @Flag(name: .customLong("metrics-public"), help: "Serve /metrics without a token (by default it needs metrics:read or admin).")
    var metricsPublic = false

    @Option(name: .customLong("webhook-timeout"), help: "How long one webhook attempt may take, such as 10s (1s to 2m).")
    var webhookTimeout = "10s"

    @Option(name: .customLong("webhook-retry-for"), help: "How long a failing webhook delivery is retried, such as 1h (0 to 3d).")
    var webhookRetryFor = "1h"

    /// `--bcrypt-cost` and `--session-ttl`, checked.
    func userPolicy() throws(KeywardError) -> UserPolicy {
        guard (12...16).contains(bcryptCost) else { throw KeywardError(.invalidField, "expected 12 to 16", field: "--bcrypt-cost") }
        let ttl = try DurationText(parsing: sessionTTL, field: "--session-ttl")
        guard (300...604_800).contains(ttl.seconds) else { throw KeywardError(.invalidField, "expected 5m to 7d", field: "--session-ttl") }
        var roles: Set<UserRole> = []
        if let requireMFA {
            roles =
                requireMFA == "all"
                ? Set(UserRole.allCases)
                : Set(
                    try requireMFA.split(separator: ",").map { text throws(KeywardError) in
                        try UserRole(parsing: String(text), field: "--require-mfa")
                    })
            guard !roles.isEmpty else { throw KeywardError(.invalidField, "name at least one role, or all", field: "--require-mfa") }
        }
        var policy = UserPolicy(bcryptCost: UInt8(bcryptCost), sessionLifetime: ttl.timeInterval, requireMFA: roles)
        for glob in stepUpSecrets {
            // Checked as the glob of a scope: the same rules, the same message.
            _ = try Scope(parsing: "secrets:read:" + glob, field: "--step-up-secrets")
        }
        policy.stepUpSecrets = stepUpSecrets
        return policy
    }

    /// `--webhook-*` and `--allow-private-webhooks`, checked.
    func webhookPolicy() throws(KeywardError) -> WebhookPolicy {
        let timeout = try DurationText(parsing: webhookTimeout, field: "--webhook-timeout")
        guard (1...120).contains(timeout.seconds) else { throw KeywardError(.invalidField, "expected 1s to 2m", field: "--webhook-timeout") }
        let retryFor = webhookRetryFor == "0" ? 0 : try DurationText(parsing: webhookRetryFor, field: "--webhook-retry-for").seconds
        guard (0...259_200).contains(retryFor) else { throw KeywardError(.invalidField, "expected 0 to 3d", field: "--webhook-retry-for") }
        return WebhookPolicy(timeout: .seconds(timeout.seconds), retryFor: .seconds(retryFor), allowPrivate: allowPrivateWebhooks)
    }

    /// `--usage-*`, `--spike-*` and `--new-network-after`, checked.
    func monitoringPolicy() throws(KeywardError) -> MonitoringPolicy {
        let days = { (text: String, field: String) throws(KeywardError) -> Int in
            let duration = try DurationText(parsing: text, field: field)
            guard duration.seconds >= 86_400, duration.seconds % 86_400 == 0 else {
                throw KeywardError(.invalidField, "expected whole days, at least 1d", field: field)
            }
            return Int(duration.seconds / 86_400)
        }
        let total = try days(usageRetention, "--usage-retention")
        let minutes = try days(usageMinuteRetention, "--usage-minute-retention")
        guard minutes <= total else {
            throw KeywardError(.invalidField, "must not exceed --usage-retention", field: "--usage-minute-retention")
        }
        guard spikeFactor >= 1, spikeFactor <= 1_000_000 else {
            throw KeywardError(.invalidField, "expected a number from 1 to 1000000", field: "--spike-factor")
        }
        guard spikeMinimum >= 1 else { throw KeywardError(.invalidField, "expected a whole number of at least 1", field: "--spike-minimum") }
        let history = try DurationText(parsing: newNetworkAfter, field: "--new-network-after")
        var rule = RateBaseline.Rule()
        rule.factor = spikeFactor
        rule.minimumRequests = spikeMinimum
        return MonitoringPolicy(
            anomalies: AnomalyPolicy(rateSpike: rule, networkHistory: history.timeInterval),
            retention: UsageRetention(minuteDays: minutes, days: total))
    }

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        var configuration = ServerConfiguration(tokenFile: KeywardHome.tokenFile)
        configuration.host = host
        configuration.port = port
        configuration.databasePath = db ?? KeywardHome.databaseFile
        configuration.databasePoolSize = databasePoolSize
        configuration.masterKeyFile = masterKeyFile
        configuration.masterKeyEnvironment = ProcessInfo.processInfo.environment["KEYWARD_MASTER_KEY"]
        configuration.tlsCertificateFile = tlsCert
        configuration.tlsKeyFile = tlsKey
        configuration.allowPlaintext = allowPlaintext
        configuration.printRootToken = printRootToken
        configuration.metricsPublic = metricsPublic
        do {
            if let url = databaseURL ?? ProcessInfo.processInfo.environment["KEYWARD_DATABASE_URL"] {
                guard db == nil else {
                    throw KeywardError(.invalidConfiguration, "give --db (SQLite) or --database-url (PostgreSQL), not both", field: "--db")
                }
                configuration.databaseURL = try PostgresURL(parsing: url, field: "--database-url")
            }
            configuration.trustedProxies = try trustedProxy.map { try IPRange(parsing: $0, field: "--trusted-proxy") }
            guard (0...1_000_000).contains(blockAfter) else {
                throw KeywardError(.invalidField, "expected a whole number from 0 to 1000000", field: "--block-after")
            }
            guard (0...CachedLookups.largestKeyCapacity).contains(keyCacheSize) else {
                throw KeywardError(.invalidField, "expected a whole number from 0 to \(CachedLookups.largestKeyCapacity)", field: "--key-cache-size")
            }
            configuration.keyCacheSize = keyCacheSize
            guard (0...GuessDelay.maximumMilliseconds).contains(guessDelayMilliseconds) else {
                throw KeywardError(
                    .invalidField, "expected a whole number of milliseconds from 0 to \(GuessDelay.maximumMilliseconds)", field: "--guess-delay-ms")
            }
            guard (0...GuessDelay.maximumPerSecond).contains(guessRate) else {
                throw KeywardError(
                    .invalidField, "expected a whole number of answers a second from 0 to \(GuessDelay.maximumPerSecond)", field: "--guess-rate")
            }
            configuration.sourceBlocking = SourceBlocker.Policy(
                failures: blockAfter, duration: try DurationText(parsing: blockFor, field: "--block-for").timeInterval,
                guessDelayMilliseconds: guessDelayMilliseconds, guessesPerSecond: guessRate)
            configuration.monitoring = try monitoringPolicy()
            configuration.webhooks = try webhookPolicy()
            configuration.users = try userPolicy()
        } catch {
            throw CLIFailure(message: "error: \(error)", exitCode: CLIExit.usage)
        }
        var logger = Logger(label: "keyward")
        logger.logLevel = level
        let listening = "Keyward is listening on \(configuration.usesTLS ? "https" : "http")://\(configuration.host)"
        let store = configuration.storeDescription
        let fallbackPort = configuration.port
        let built: KeywardApplication
        do {
            built = try await KeywardApplication.build(configuration: configuration, logger: logger) { channel in
                Console.line("\(listening):\(channel.localAddress?.port ?? fallbackPort) (store: \(store))")
            }
        } catch let error as KeywardError {
            throw CLIFailure(message: "error: \(error)", exitCode: error.code.kind == .invalidInput ? CLIExit.usage : CLIExit.failure)
        }
        for note in built.startupNotes { Console.line(note) }
        defer { Console.line("Keyward stopped.") }
        do {
            try await built.application.runService()
        } catch {
            try? await built.shutdown()
            throw CLIFailure(message: "error: \(Self.describe(error, host: host, port: port))", exitCode: CLIExit.failure)
        }
        try await built.shutdown()
    }

    /// A failure of the running server in words; a port in use is the usual one.
    static func describe(_ error: any Error, host: String, port: Int) -> String {
        if let error = error as? IOError, error.errnoCode == EADDRINUSE {
            return "cannot listen on \(host):\(port): the address is in use (another keyward serve?); choose another --port"
        }
        return "the server stopped: \(error)"
    }
}

extension KeywardHome {
    /// `$KEYWARD_HOME/keyward.db`: the embedded store's default file, away from
    /// whatever folder the server happens to be started in.
    static var databaseFile: String { (folder as NSString).appendingPathComponent("keyward.db") }
}
