import ArgumentParser
import Foundation
import KeywardScanner

/// `keyward hook install`: a git pre-commit hook that runs `keyward scan --staged`.
struct HookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Manage the git pre-commit hook that blocks commits holding secrets.",
        subcommands: [Install.self]
    )

    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install", abstract: "Install a pre-commit hook running `keyward scan --staged`.")

        @Flag(help: "Replace an existing pre-commit hook.") var force = false

        func run() async throws {
            do {
                let path = try PreCommitHook.install(
                    in: FileManager.default.currentDirectoryPath, replacing: force, executable: Self.executablePath)
                print("installed the pre-commit hook at \(path)")
            } catch {
                throw CLIFailure(message: "error: \(error)", exitCode: CLIExit.usage)
            }
        }

        /// The absolute path of this `keyward` (so the hook works when it is not on `PATH`).
        static var executablePath: String? {
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
            let argument = CommandLine.arguments[0]
            guard argument.contains("/") else { return nil }
            return URL(fileURLWithPath: argument).standardizedFileURL.path
        }
    }
}
