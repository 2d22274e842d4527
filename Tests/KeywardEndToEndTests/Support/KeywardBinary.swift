import Foundation
import KeywardTesting
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The built `keyward` executable, run as a user would run it.
enum KeywardBinary {
    /// `keyward` beside the test bundle (both are products of the same build).
    static var path: String {
        get throws {
            let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for candidate in [folder, folder.deletingLastPathComponent()] {
                let path = candidate.appendingPathComponent("keyward").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
            throw EndToEndError("the keyward executable was not found beside \(folder.path); run swift build first")
        }
    }

    /// Runs one CLI command to completion.
    /// How long one command may run before it is killed, unless a test says otherwise.
    static let defaultTimeoutSeconds: Double = 180

    static func run(
        _ arguments: [String], environment: [String: String], stdin: String? = nil, timeoutSeconds: Double = defaultTimeoutSeconds
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        try spawn(process)
        // A command that hangs fails its test after `timeoutSeconds` instead of stalling the run.
        let pid = process.processIdentifier
        let timedOut = Mutex(false)
        let watchdog = DispatchWorkItem {
            timedOut.withLock { $0 = true }
            kill(pid, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if timedOut.withLock({ $0 }) {
            throw EndToEndError("keyward \(arguments.first ?? "") ran longer than \(Int(timeoutSeconds)) s and was killed")
        }
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

struct CommandResult: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] ?? [:]
    }
}

struct EndToEndError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
