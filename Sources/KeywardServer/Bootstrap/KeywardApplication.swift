import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardVault
import Logging
import NIOCore
import NIOSSL

/// The server, assembled: what `keyward serve` runs and what tests run in-process.
public struct KeywardApplication: Sendable {
    public let application: Application<RouterResponder<KeywardRequestContext>>
    public let engine: Engine
    /// Lines for the operator about what the start did (never a secret unless
    /// `printRootToken` asked for it).
    public let startupNotes: [String]
    /// The root token made by this start, if it made one (tests use it; the CLI
    /// prints it only with `--print-root-token`).
    public let rootToken: APIKey?

    /// Checks that the address can be bound, opens the store and the key
    /// hierarchy, makes the root token on first start, and builds the router.
    /// Nothing is created on disk when the address is taken.
    /// `store` replaces the store named by the configuration (tests wrap a
    /// store to watch what verification asks of it).
    public static func build(
        configuration: ServerConfiguration,
        store givenStore: (any Store)? = nil,
        clock: any KeywardClock = SystemClock(),
        logger: Logger = Logger(label: "keyward"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws -> KeywardApplication {
        try configuration.validate()
        let tls = try tlsConfiguration(configuration)
        try await AddressCheck.requireFree(host: configuration.host, port: configuration.port)
        let store: any Store
        if let givenStore {
            store = givenStore
        } else {
            store = try await StoreFactory.open(configuration.storeLocation, logger: logger)
        }
        let opened = try await Engine.open(
            store: store,
            masterKeySource: MasterKeySource(environmentValue: configuration.masterKeyEnvironment, keyFile: configuration.resolvedMasterKeyFile),
            clock: clock, sourceBlocking: configuration.sourceBlocking, monitoring: configuration.monitoring,
            webhooks: configuration.webhooks, webhookTransport: HTTPWebhookTransport(), metrics: .prometheus(), users: configuration.users,
            keyCacheSize: configuration.keyCacheSize, logger: logger
        )
        let engine = opened.engine
        var notes: [String] = []
        if opened.createdMasterKeyFile {
            notes.append(
                "Created the master key file \(configuration.resolvedMasterKeyFile) (mode 0600). Back it up: without it the store cannot be opened.")
        }
        for warning in opened.warnings { notes.append("Warning: \(warning)") }
        let root: RootToken.Created?
        do {
            root = try await RootToken.createIfNeeded(engine: engine, tokenFile: configuration.tokenFile)
        } catch {
            try? await store.close()
            throw error
        }
        if let root {
            notes.append("Created the root management token \(root.token.start)… (scope admin) and wrote it to \(root.file) (mode 0600).")
            if root.besideExistingFile {
                notes.append(
                    "Note: \(configuration.tokenFile) already holds a token, most likely of another store, and was left as it is. "
                        + "Pass --token or KEYWARD_TOKEN with the token in \(root.file), or move that file to \(configuration.tokenFile).")
            }
            if configuration.printRootToken { notes.append("Root token (shown once): \(root.token.secret)") }
        }
        let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))
        let clientAddress = ClientAddress(trusted: configuration.trustedProxies)
        let gateway = GatewayResponder(engine: engine, clientAddress: clientAddress)
        let serverName = "Keyward"
        var server: HTTPServerBuilder = .http1(configuration: http1, gateway: gateway, serverName: serverName)
        if let tls { server = try .tls(server, tlsConfiguration: tls) }
        let application = Application(
            router: buildRouter(engine: engine, clientAddress: clientAddress, metricsPublic: configuration.metricsPublic, gateway: gateway),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
            services: [engine.usage, engine.auditRecorder, engine.unusedKeys] + (engine.webhookDispatcher.map { [$0] } ?? []),
            onServerRunning: onServerRunning,
            logger: logger
        )
        return KeywardApplication(application: application, engine: engine, startupNotes: notes, rootToken: root?.token)
    }

    /// Writes what is pending and closes the store; call after the server stopped.
    public func shutdown() async throws {
        try await engine.shutdown()
    }

    public static func buildRouter(
        engine: Engine, clientAddress: ClientAddress = ClientAddress(trusted: []), metricsPublic: Bool = false
    ) -> Router<KeywardRequestContext> {
        buildRouter(
            engine: engine, clientAddress: clientAddress, metricsPublic: metricsPublic,
            gateway: GatewayResponder(engine: engine, clientAddress: clientAddress))
    }

    /// The router, with `/v1/auth` answered by `gateway`, which the server's fast path shares.
    static func buildRouter(
        engine: Engine, clientAddress: ClientAddress, metricsPublic: Bool, gateway: GatewayResponder
    ) -> Router<KeywardRequestContext> {
        let router = Router(context: KeywardRequestContext.self)
        let routes = RouteTable()
        router.add(middleware: ErrorMiddleware(routes: routes))
        // Without trusted proxies the client is the socket peer, and nothing runs per request.
        if !clientAddress.trusted.isEmpty { router.add(middleware: ClientAddressMiddleware(resolver: clientAddress)) }
        OperationsController(engine: engine).addRoutes(to: router)
        MetricsController(engine: engine, isPublic: metricsPublic).addRoutes(to: router)
        let verification = VerificationController(engine: engine, gateway: gateway)
        verification.addGatewayRoute(to: router)
        let users = UsersController(engine: engine)
        users.addLoginRoute(to: router)
        let v1 = router.group("v1").add(middleware: ManagementAuthMiddleware(engine: engine))
        users.addRoutes(to: v1)
        verification.addVerifyRoute(to: v1)
        KeyspacesController(engine: engine).addRoutes(to: v1)
        KeysController(engine: engine).addRoutes(to: v1)
        TokensController(engine: engine).addRoutes(to: v1)
        LeaksController(engine: engine).addRoutes(to: v1)
        AuditController(engine: engine).addRoutes(to: v1)
        SecretsController(engine: engine).addRoutes(to: v1)
        KeyringController(engine: engine).addRoutes(to: v1)
        UsageController(engine: engine).addRoutes(to: v1)
        AlertsController(engine: engine).addRoutes(to: v1)
        ReportsController(engine: engine).addRoutes(to: v1)
        WebhooksController(engine: engine).addRoutes(to: v1)
        routes.load(router.routes)
        return router
    }

    /// TLS 1.2 or later, and on 1.2 only ECDHE key exchange with AEAD ciphers
    /// (forward secrecy, no CBC); TLS 1.3's suites are all of that kind.
    static func tlsConfiguration(_ configuration: ServerConfiguration) throws -> TLSConfiguration? {
        guard let certificateFile = configuration.tlsCertificateFile, let keyFile = configuration.tlsKeyFile else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            tls.minimumTLSVersion = .tlsv12
            tls.cipherSuites = TLSPolicy.tls12CipherSuites
            return tls
        } catch {
            throw KeywardError(.configuration, "cannot load the TLS certificate \(certificateFile) or key \(keyFile): \(error)")
        }
    }
}

/// The TLS 1.2 suites Keyward offers: ECDHE with AES-GCM or ChaCha20-Poly1305.
enum TLSPolicy {
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
    ].joined(separator: ":")
}
