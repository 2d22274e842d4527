import Foundation
import KeywardTesting

#if canImport(Glibc)
    import Glibc
#endif

/// `keyward serve` in a child process, in a temporary folder of its own, on a
/// port the system picks. Its output goes to files the test can read.
/// One test drives it at a time (`@unchecked`: its state changes only in
/// `start` and `stop`, called in sequence by that test).
final class ServerProcess: @unchecked Sendable {
    let folder: TemporaryFolder
    let extraArguments: [String]
    /// `$KEYWARD_HOME` of the server and its CLI commands (default: `home` in `folder`).
    let home: String
    private(set) var process: Process?
    private(set) var port = 0
    private var runs = 0

    /// A PostgreSQL database to serve from instead of the SQLite file in `folder`.
    let databaseURL: String?

    init(folder: TemporaryFolder, arguments: [String] = [], home: String? = nil, databaseURL: String? = nil) {
        self.folder = folder
        self.extraArguments = arguments
        self.home = home ?? folder.file("home")
        self.databaseURL = databaseURL
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["KEYWARD_HOME"] = home
        environment["KEYWARD_ADDR"] = "http://127.0.0.1:\(port)"
        environment.removeValue(forKey: "KEYWARD_TOKEN")
        environment.removeValue(forKey: "KEYWARD_MASTER_KEY")
        return environment
    }

    var address: String { "http://127.0.0.1:\(port)" }
    var rootToken: String {
        (try? String(contentsOfFile: home + "/token", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Everything the server printed in every run so far.
    var output: String {
        (0..<runs).map { run in
            ["out", "err"].map { (try? String(contentsOfFile: folder.file("serve-\(run).\($0)"), encoding: .utf8)) ?? "" }.joined()
        }.joined()
    }

    /// Starts the server and waits until it listens.
    func start() async throws {
        let run = runs
        runs += 1
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KeywardBinary.path)
        let store = databaseURL.map { ["--database-url", $0] } ?? ["--db", folder.file("keyward.db")]
        process.arguments = ["serve"] + store + ["--port", "0"] + extraArguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: folder.path)
        FileManager.default.createFile(atPath: folder.file("serve-\(run).out"), contents: nil)
        FileManager.default.createFile(atPath: folder.file("serve-\(run).err"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("serve-\(run).out")))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.file("serve-\(run).err")))
        try spawn(process)
        self.process = process
        for _ in 0..<600 {
            let text = (try? String(contentsOfFile: folder.file("serve-\(run).out"), encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("is listening on ") }),
                let url = line.components(separatedBy: "is listening on ").last?.split(separator: " ").first,
                let port = URLComponents(string: String(url))?.port
            {
                self.port = port
                return
            }
            if !process.isRunning {
                throw EndToEndError("keyward serve exited with \(process.terminationStatus):\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw EndToEndError("keyward serve did not start listening within 30 s:\n\(output)")
    }

    /// Stops the server with SIGTERM (graceful), waiting up to 10 s before
    /// SIGKILL. Synchronous, so a `defer` can call it: no server outlives its test.
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        for _ in 0..<200 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Kills the server with SIGKILL: no chance to flush or clean up.
    func killHard() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs a CLI command against this server.
    func cli(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try KeywardBinary.run(arguments, environment: environment, stdin: stdin)
    }
}
