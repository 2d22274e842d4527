import Foundation
import KeywardStore

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
            ["initdb", "postgres", "psql"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
        }
    }()

    /// Set by CI: a missing PostgreSQL fails the tests instead of skipping them.
    public static let required = ProcessInfo.processInfo.environment["KEYWARD_REQUIRE_POSTGRES"] == "1"
    /// Whether PostgreSQL tests run (or must run).
    public static let enabled = binaries != nil || required
    public static let skipMessage =
        "PostgreSQL is not installed (apt-get install postgresql): PostgreSQL tests skipped; set KEYWARD_REQUIRE_POSTGRES=1 to fail instead"

    private var port: Int?
    private var databases = 0

    /// The URL of a new, empty database on the shared server.
    public func newDatabase() async throws -> PostgresURL {
        let port = try await started()
        databases += 1
        let name = "keyward_test_\(databases)"
        try Self.run(Self.psql(port: port, "CREATE DATABASE \(name) TEMPLATE template0 STRATEGY FILE_COPY"))
        return try PostgresURL(parsing: "postgres://keyward@127.0.0.1:\(port)/\(name)?sslmode=disable")
    }

    /// Runs `sql` on the maintenance database as the superuser (to end a node's connections, say).
    public func execute(_ sql: String) async throws {
        try Self.run(Self.psql(port: try await started(), sql))
    }

    private func started() async throws -> Int {
        if let port { return port }
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
            if (try? Self.run(Self.psql(port: port, "SELECT 1"))) != nil {
                self.port = port
                return port
            }
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

    private static func psql(port: Int, _ sql: String) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "\(binaries ?? "/usr/bin")/psql")
        process.arguments = [
            "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "keyward", "-d", "postgres", "-c", sql,
        ]
        return process
    }

    /// Runs `process` to its end; its output is the error when it fails.
    private static func run(_ process: Process) throws {
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try spawn(process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError("\(process.arguments?.joined(separator: " ") ?? "") failed: \(text.suffix(2000))")
        }
    }
}
