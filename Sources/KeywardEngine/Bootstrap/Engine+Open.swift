import Foundation
import KeywardCore
import KeywardStore
import KeywardVault
import Logging

extension Engine {
    /// An engine over `store` with its key hierarchy opened (or created, for an
    /// empty store), and what the opening did, for the operator.
    public struct Opened: Sendable {
        public var engine: Engine
        public var createdMasterKeyFile: Bool
        public var warnings: [String]
    }

    /// Opens the key hierarchy of `store` and builds the engine on it. The store
    /// is closed again when this fails.
    public static func open(
        store: any Store, masterKeySource: MasterKeySource, clock: any KeywardClock = SystemClock(),
        sourceBlocking: SourceBlocker.Policy = SourceBlocker.Policy(), monitoring: MonitoringPolicy = MonitoringPolicy(),
        webhooks: WebhookPolicy = WebhookPolicy(), webhookTransport: (any WebhookTransport)? = nil,
        metrics: EngineMetrics = EngineMetrics(), users: UserPolicy = UserPolicy(), keyCacheSize: Int = CachedLookups.defaultKeyCapacity,
        logger: Logger
    ) async throws -> Opened {
        let hierarchy: KeyHierarchy.Opened
        do {
            hierarchy = try await KeyHierarchy.open(storage: StoreHierarchyStorage(store: store), masterKeySource: masterKeySource)
        } catch {
            try? await store.close()
            throw error
        }
        let engine = Engine(
            store: store, hasher: hierarchy.hasher, auditChain: hierarchy.auditChain, auditSigningKey: hierarchy.auditSigningKey,
            vault: VaultKeys(
                keyring: hierarchy.keyring, fingerprinter: hierarchy.secretFingerprinter, masterKey: hierarchy.masterKey, source: masterKeySource),
            clock: clock,
            sourceBlocking: sourceBlocking, monitoring: monitoring, webhooks: webhooks, webhookTransport: webhookTransport, metrics: metrics,
            users: users, keyCacheSize: keyCacheSize,
            logger: logger)
        do {
            try await engine.lookups.prepare()
        } catch {
            // Without the filter every well-formed guess asks the store, as before it existed.
            logger.warning("could not read the key hashes for the known-key filter; guesses will reach the store", metadata: ["error": "\(error)"])
        }
        return Opened(engine: engine, createdMasterKeyFile: hierarchy.createdMasterKeyFile, warnings: hierarchy.warnings)
    }
}
