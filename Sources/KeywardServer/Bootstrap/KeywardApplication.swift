import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import KeywardCore
import KeywardStore
import KeywardVault
import Logging
import NIOCore
import NIOSSL

/// The server, assembled: what `keyward serve` runs and what tests run in-process.
public struct KeywardApplication: Sendable {
    public let application: Application<RouterResponder<KeywardRequestContext>>
    public let services: KeywardServices
    /// Lines for the operator about what the start did (never a secret unless
    /// `printRootToken` asked for it).
    public let startupNotes: [String]
    /// The root token made by this start, if it made one (tests use it; the CLI
    /// prints it only with `--print-root-token`).
    public let rootToken: APIKey?

    /// Opens the store and the key hierarchy, makes the root token on first
    /// start, and builds the router.
    /// `store` replaces the SQLite store named by the configuration (tests wrap
    /// a store to watch what verification asks of it).
    public static func build(
        configuration: ServerConfiguration,
        store givenStore: (any Store)? = nil,
        clock: any KeywardClock = SystemClock(),
        logger: Logger = Logger(label: "keyward"),
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws -> KeywardApplication {
        try configuration.validate()
        let store: any Store
        if let givenStore {
            store = givenStore
        } else {
            store = try await SQLiteStore.open(path: configuration.databasePath, logger: logger)
        }
        var notes: [String] = []
        let hierarchy: KeyHierarchy.Opened
        do {
            hierarchy = try await KeyHierarchy.open(
                store: store,
                masterKeySource: MasterKeySource(environmentValue: configuration.masterKeyEnvironment, keyFile: configuration.resolvedMasterKeyFile)
            )
        } catch {
            try? await store.close()
            throw error
        }
        if hierarchy.createdMasterKeyFile {
            notes.append(
                "Created the master key file \(configuration.resolvedMasterKeyFile) (mode 0600). Back it up: without it the store cannot be opened.")
        }
        for warning in hierarchy.warnings { notes.append("Warning: \(warning)") }
        let services = KeywardServices(store: store, hasher: hierarchy.hasher, clock: clock, logger: logger)
        let root = try await RootToken.createIfNeeded(services: services, tokenFile: configuration.tokenFile)
        if let root {
            notes.append("Created the root management token \(root.token.start)… (scope admin) and wrote it to \(root.file) (mode 0600).")
            if root.besideExistingFile {
                notes.append(
                    "Note: \(configuration.tokenFile) already holds a token, most likely of another store, and was left as it is. "
                        + "Pass --token or KEYWARD_TOKEN with the token in \(root.file), or move that file to \(configuration.tokenFile).")
            }
            if configuration.printRootToken { notes.append("Root token (shown once): \(root.token.secret)") }
        }
        let application = Application(
            router: buildRouter(services: services),
            server: try serverBuilder(configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Keyward"),
            services: [services.usage],
            onServerRunning: onServerRunning,
            logger: logger
        )
        return KeywardApplication(application: application, services: services, startupNotes: notes, rootToken: root?.token)
    }

    /// Writes what is pending and closes the store; call after the server stopped.
    public func shutdown() async throws {
        await services.usage.flush()
        try await services.store.close()
    }

    static func buildRouter(services: KeywardServices) -> Router<KeywardRequestContext> {
        let router = Router(context: KeywardRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        OperationsController(services: services).addRoutes(to: router)
        let verification = VerificationController(services: services)
        verification.addGatewayRoute(to: router)
        let v1 = router.group("v1").add(middleware: ManagementAuthMiddleware(services: services))
        verification.addVerifyRoute(to: v1)
        KeyspacesController(services: services).addRoutes(to: v1)
        KeysController(services: services).addRoutes(to: v1)
        TokensController(services: services).addRoutes(to: v1)
        LeaksController(services: services).addRoutes(to: v1)
        return router
    }

    static func serverBuilder(_ configuration: ServerConfiguration) throws -> HTTPServerBuilder {
        let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)))
        guard let certificateFile = configuration.tlsCertificateFile, let keyFile = configuration.tlsKeyFile else {
            return .http1(configuration: http1)
        }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            tls.minimumTLSVersion = .tlsv12
            return try .tls(.http1(configuration: http1), tlsConfiguration: tls)
        } catch {
            throw KeywardError(.configuration, "cannot load the TLS certificate \(certificateFile) or key \(keyFile): \(error)")
        }
    }
}
