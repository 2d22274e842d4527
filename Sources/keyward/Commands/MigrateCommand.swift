import ArgumentParser
import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import Logging

/// `keyward migrate`: moves the embedded SQLite store into PostgreSQL, for a
/// deployment that grows to many nodes. Every table is copied as it is, so
/// the same master key opens the copy and every key still verifies.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a SQLite store into PostgreSQL (stop the server first).",
        discussion: """
            Each table is copied in one transaction, then the row counts and the audit chain of the copy are checked. \
            A target that holds anything is refused unless --force, which replaces it. Start the PostgreSQL nodes \
            with the same master key as the SQLite store (--master-key-file or KEYWARD_MASTER_KEY).
            """
    )

    @Option(name: .long, help: "The SQLite database file to copy (default: $KEYWARD_HOME/keyward.db).")
    var from: String?

    @Option(name: .long, help: "The PostgreSQL URL to copy into (default: $KEYWARD_DATABASE_URL).")
    var to: String?

    @Flag(name: .long, help: "Replace what the target already holds.")
    var force = false

    /// Copies, then checks the copy's audit chain against the source's head.
    static func copy(from source: SQLStore, path: String, to target: SQLStore, url: PostgresURL, force: Bool) async throws {
        Console.line("Copying \(path) into \(url)")
        let report = try await StoreCopy.copy(from: source, to: target, replacing: force) { table, rows in
            Console.line("  \(table): \(rows) rows")
        }
        let copied = try await AuditLog.verify(reader: target, chain: nil, against: nil)
        let sourceHead = try await source.auditHead()
        guard copied.isIntact, copied.headSeq == sourceHead?.seq ?? 0, sourceHead.map({ $0.hash == copied.headHash }) ?? true else {
            throw KeywardError(.storageFailure, "the audit log of the copy does not match the source's (head seq \(copied.headSeq))")
        }
        let total = report.rows.reduce(0) { $0 + $1.count }
        Console.line("Copied \(total) rows. The audit log is intact: \(copied.checked) entries, head seq \(copied.headSeq).")
        Console.line("Start the nodes with --database-url and the master key of \(path).")
    }

    func run() async throws {
        let path = from ?? KeywardHome.databaseFile
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIFailure(message: "error: no SQLite store at \(path); pass --from", exitCode: CLIExit.usage)
        }
        guard let text = to ?? ProcessInfo.processInfo.environment["KEYWARD_DATABASE_URL"] else {
            throw CLIFailure(message: "error: name the PostgreSQL database with --to postgres://… (or KEYWARD_DATABASE_URL)", exitCode: CLIExit.usage)
        }
        let logger = Logger(label: "keyward.migrate")
        do {
            let url = try PostgresURL(parsing: text, field: "--to")
            let source = try await SQLiteStore.open(path: path, logger: logger)
            let target: SQLStore
            do {
                target = try await PostgresStore.open(url: url, poolSize: 2, logger: logger)
            } catch {
                try? await source.close()
                throw error
            }
            do {
                try await Self.copy(from: source, path: path, to: target, url: url, force: force)
            } catch {
                try? await target.close()
                try? await source.close()
                throw error
            }
            try await target.close()
            try await source.close()
        } catch let error as KeywardError {
            throw CLIFailure(
                message: "error: \(error)", exitCode: error.code.kind == .invalidInput || error.code == .conflict ? CLIExit.usage : CLIExit.failure)
        }
    }
}
