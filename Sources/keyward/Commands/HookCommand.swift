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
                let path = try PreCommitHook.install(in: FileManager.default.currentDirectoryPath, replacing: force)
                print("installed the pre-commit hook at \(path)")
            } catch {
                throw CLIFailure(message: "error: \(error)", exitCode: CLIExit.usage)
            }
        }
    }
}
