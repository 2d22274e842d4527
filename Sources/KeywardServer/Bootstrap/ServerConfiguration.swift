import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore

/// How `keyward serve` runs. The CLI fills it from flags and the environment.
public struct ServerConfiguration: Sendable {
    public var host = "127.0.0.1"
    public var port = 8787
    /// The SQLite file of the embedded store.
    public var databasePath = "keyward.db"
    /// A PostgreSQL database shared with other nodes (`--database-url`); it replaces `databasePath`.
    public var databaseURL: PostgresURL?
    /// The most connections this node opens to PostgreSQL (`--database-pool-size`).
    public var databasePoolSize = PostgresStore.defaultPoolSize
    /// The master key file; nil: `keyward.key` beside the database.
    public var masterKeyFile: String?
    /// `KEYWARD_MASTER_KEY` (base64), which takes precedence over the file.
    public var masterKeyEnvironment: String?
    public var tlsCertificateFile: String?
    public var tlsKeyFile: String?
    public var allowPlaintext = false
    /// Where the root token is written on first start.
    public var tokenFile: String
    /// Print the root token once on first start (for containers without a shared file system).
    public var printRootToken = false
    /// Proxies whose forwarding headers name the client (`--trusted-proxy`).
    public var trustedProxies: [IPRange] = []
    /// When a source is blocked for brute force, and how long answers to
    /// guesses wait (`--block-after`, `--block-for`, `--guess-delay-ms`, `--guess-rate`).
    public var sourceBlocking = SourceBlocker.Policy()
    /// Anomaly thresholds and usage retention (`--spike-*`, `--new-network-after`, `--usage-*`).
    public var monitoring = MonitoringPolicy()
    /// Webhook delivery: timeout, retries, private addresses (`--webhook-*`, `--allow-private-webhooks`).
    public var webhooks = WebhookPolicy()
    /// bcrypt's cost, session lifetime and lockout (`--bcrypt-cost`, `--session-ttl`).
    public var users = UserPolicy()
    /// Keys the verification cache holds at most (`--key-cache-size`); 0: none.
    public var keyCacheSize = CachedLookups.defaultKeyCapacity
    /// Serve `/metrics` without a token (`--metrics-public`), for a scraper on a private network.
    public var metricsPublic = false
    /// Seconds a connection may stay idle before the server closes it, so idle or
    /// stalled clients cannot hold connections forever. Above nginx's default
    /// upstream keepalive (60 s), so a gateway's pool closes first.
    public var idleTimeoutSeconds = 75

    public init(tokenFile: String) {
        self.tokenFile = tokenFile
    }

    /// Where the store is: PostgreSQL when a URL is given, else the SQLite file.
    public var storeLocation: StoreLocation {
        if let databaseURL { return .postgres(url: databaseURL, poolSize: databasePoolSize) }
        return .sqlite(path: databasePath)
    }

    /// The store as the startup line shows it (a URL without its password).
    public var storeDescription: String { databaseURL?.description ?? databasePath }

    public var resolvedMasterKeyFile: String {
        if let masterKeyFile { return masterKeyFile }
        let folder = (databasePath as NSString).deletingLastPathComponent
        return folder.isEmpty ? "keyward.key" : (folder as NSString).appendingPathComponent("keyward.key")
    }

    public var usesTLS: Bool { tlsCertificateFile != nil || tlsKeyFile != nil }

    /// Refuses a configuration that would expose the server unsafely or half-configured.
    public func validate() throws(KeywardError) {
        if (tlsCertificateFile == nil) != (tlsKeyFile == nil) {
            throw KeywardError(
                .invalidConfiguration, "TLS needs both --tls-cert and --tls-key", field: tlsCertificateFile == nil ? "--tls-cert" : "--tls-key")
        }
        guard (1...1000).contains(databasePoolSize) else {
            throw KeywardError(.invalidConfiguration, "the pool size must be from 1 to 1000", field: "--database-pool-size")
        }
        guard (1...65535).contains(port) || port == 0 else {
            throw KeywardError(.invalidConfiguration, "the port must be from 1 to 65535", field: "--port")
        }
        if !usesTLS && !allowPlaintext && !ServerConfiguration.isLoopback(host) {
            throw KeywardError(
                .invalidConfiguration,
                "binding \(host) without TLS would send keys in plaintext over the network; give --tls-cert and --tls-key, or --allow-plaintext",
                field: "--host"
            )
        }
    }

    /// `localhost`, 127.0.0.0/8 or ::1: traffic that never leaves the machine.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        guard let address = IPAddress(host) else { return false }
        if address.isIPv4 { return address.bytes[12] == 127 }
        return address.bytes == Array(repeating: 0, count: 15) + [1]
    }
}

extension KeywardError.Code {
    /// A flag or setting that cannot work as given (exit 2).
    public static let invalidConfiguration = Self("INVALID_CONFIGURATION", .invalidInput)
}
