import Foundation
import KeywardStore
import Logging
import PostgresNIO

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL server for tests, started once per test process from the
/// installed Debian binaries (`/usr/lib/postgresql/*/bin`) in a temporary
/// folder, on a loopback port, with trust authentication. Each test asks it
/// for a database of its own.
///
/// PostgreSQL refuses to run as root: under root the server runs as the
/// `postgres` user (`runuser`) in a folder that user owns. A small shell
/// watchdog stops the server and removes its folder once the test process is
/// gone, however it ended.
public actor ThrowawayPostgres {
    public static let shared = ThrowawayPostgres()

    /// The folder of `initdb` and `postgres`, the newest version installed.
    public static let binaries: String? = {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "\(root)/\($0)/bin" }.first { folder in
            ["initdb", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
        }
    }()

    /// Set by CI: a missing PostgreSQL fails the tests instead of skipping them.
    public static let required = ProcessInfo.processInfo.environment["KEYWARD_REQUIRE_POSTGRES"] == "1"
    /// Whether PostgreSQL tests run (or must run).
    public static let enabled = binaries != nil || required
    public static let skipMessage =
        "PostgreSQL is not installed (apt-get install postgresql): PostgreSQL tests skipped; set KEYWARD_REQUIRE_POSTGRES=1 to fail instead"

    /// The one start, which every caller awaits (the actor is reentrant across it).
    private var start: Task<Int, any Error>?
    private var databases = 0

    /// The URL of a new, empty database on the shared server.
    public func newDatabase() async throws -> PostgresURL {
        let port = try await started()
        databases += 1
        let name = "keyward_test_\(databases)"
        try await Self.execute(["CREATE DATABASE \(name) TEMPLATE template0 STRATEGY FILE_COPY"], port: port, database: "postgres")
        return try PostgresURL(parsing: "postgres://keyward@127.0.0.1:\(port)/\(name)?sslmode=disable")
    }

    /// Runs `statements` in order as the superuser on `database` (to change a
    /// row behind the nodes' backs, or end a node's connections), on a
    /// connection of its own: no process is started, so nothing waits for
    /// `ProcessStart`.
    public func execute(_ statements: [String], database: String = "postgres") async throws {
        try await Self.execute(statements, port: try await started(), database: database)
    }

    private static func execute(_ statements: [String], port: Int, database: String) async throws {
        let configuration = PostgresConnection.Configuration(
            host: "127.0.0.1", port: port, username: "keyward", password: nil, database: database, tls: .disable)
        let logger = Logger(label: "throwaway-postgres")
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            for statement in statements { _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect() }
        } catch {
            try? await connection.close()
            throw FixtureError("\(statements.joined(separator: "; ")) failed on \(database): \(String(reflecting: error))")
        }
        try await connection.close()
    }

    private func started() async throws -> Int {
        if let start { return try await start.value }
        let start = Task { try await Self.startServer() }
        self.start = start
        return try await start.value
    }

    private static func startServer() async throws -> Int {
        guard let binaries = Self.binaries else {
            throw FixtureError("KEYWARD_REQUIRE_POSTGRES=1 but no PostgreSQL binaries under /usr/lib/postgresql/*/bin")
        }
        let folder = try TemporaryFolder("keyward-postgres")
        let asRoot = getuid() == 0
        if asRoot {
            guard let user = getpwnam("postgres") else { throw FixtureError("running as root, but there is no postgres user to run PostgreSQL as") }
            chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        let data = folder.file("data")
        try Self.run(
            Self.command(
                asRoot, "\(binaries)/initdb",
                ["-D", data, "-A", "trust", "-U", "keyward", "--no-sync", "-E", "UTF8", "--locale=C"]))
        let port = try FreePort.loopback()
        // fsync off: a test database need not survive a power loss, and it is fast.
        let server = [
            "\(binaries)/postgres", "-D", data, "-p", String(port), "-k", folder.path, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=400",
        ].map(Self.quoted).joined(separator: " ")
        let watchdog = """
            \(server) >\(Self.quoted(folder.file("log"))) 2>&1 &
            server=$!
            while [ -d /proc/\(getpid()) ] && kill -0 $server 2>/dev/null; do sleep 0.5; done
            kill -INT $server 2>/dev/null; wait $server; rm -rf \(Self.quoted(folder.path))
            """
        let process = Self.command(asRoot, "/bin/sh", ["-c", watchdog])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try spawn(process)
        for _ in 0..<200 {
            if (try? await Self.execute(["SELECT 1"], port: port, database: "postgres")) != nil { return port }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = (try? String(contentsOfFile: folder.file("log"), encoding: .utf8)) ?? ""
        throw FixtureError("PostgreSQL did not start on port \(port): \(log.suffix(2000))")
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func command(_ asRoot: Bool, _ executable: String, _ arguments: [String]) -> Process {
        let process = Process()
        if asRoot {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        return process
    }

    /// Runs `process` to its end; its output is the error when it fails. The
    /// output goes through a file: Foundation's `readDataToEndOfFile` on a pipe
    /// crashes the process when a signal interrupts its read.
    private static func run(_ process: Process) throws {
        let folder = try TemporaryFolder("keyward-initdb")
        defer { folder.remove() }
        let file = folder.file("output")
        FileManager.default.createFile(atPath: file, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        try spawn(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            throw FixtureError("\(process.arguments?.joined(separator: " ") ?? "") failed: \(text.suffix(2000))")
        }
    }
}
