import ArgumentParser
import Foundation
import KeywardCore
import KeywardEngine
import KeywardServer
import KeywardStore
import KeywardVault
import Logging

/// `keyward root-token`: a way back for an operator who lost every admin
/// token. It needs what only the operator of the machine has, the store file
/// and its master key, like Vault's generate-root needs the unseal keys; the
/// server must be stopped (the store takes one process at a time).
struct RootTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "root-token",
        abstract: "Mint a new root token from the store and its master key (stop the server first).",
        discussion: "The token is written to the token file ($KEYWARD_HOME/token, mode 0600) and never printed."
    )

    @Option(name: .long, help: "SQLite database file (default: $KEYWARD_HOME/keyward.db).")
    var db: String?

    @Option(name: .customLong("master-key-file"), help: "Master key file (default: keyward.key beside the database).")
    var masterKeyFile: String?

    @Option(name: .customLong("token-file"), help: "Where to write the token (default: $KEYWARD_HOME/token).")
    var tokenFile: String?

    func run() async throws {
        let database = db ?? KeywardHome.databaseFile
        guard FileManager.default.fileExists(atPath: database) else {
            throw CLIFailure(message: "error: no store at \(database); pass --db", exitCode: CLIExit.usage)
        }
        var configuration = ServerConfiguration(tokenFile: tokenFile ?? KeywardHome.tokenFile)
        configuration.databasePath = database
        configuration.masterKeyFile = masterKeyFile
        let logger = Logger(label: "keyward.root-token")
        do {
            let store = try await StoreFactory.open(.sqlite(path: database), logger: logger)
            let source = MasterKeySource(
                environmentValue: ProcessInfo.processInfo.environment["KEYWARD_MASTER_KEY"], keyFile: configuration.resolvedMasterKeyFile)
            guard try await !store.isEmpty() else {
                try? await store.close()
                throw CLIFailure(message: "error: \(database) is an empty store; start keyward serve instead", exitCode: CLIExit.usage)
            }
            let engine = try await Engine.open(store: store, masterKeySource: source, logger: logger).engine
            let created: RootToken.Created
            do {
                created = try await RootToken.recover(engine: engine, tokenFile: configuration.tokenFile)
            } catch {
                try? await engine.shutdown()
                throw error
            }
            try await engine.shutdown()
            Console.line("Created the root management token \(created.token.start)… (scope admin) and wrote it to \(created.file) (mode 0600).")
        } catch let error as KeywardError {
            throw CLIFailure(message: "error: \(error)", exitCode: error.code.kind == .invalidInput ? CLIExit.usage : CLIExit.failure)
        }
    }
}
