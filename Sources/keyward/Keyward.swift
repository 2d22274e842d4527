import ArgumentParser
import Foundation

/// `keyward`: the server (`serve`) and a client of its HTTP API for everything else.
@main
struct Keyward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyward",
        abstract: "Issue, verify and guard API keys.",
        discussion: """
            Exit codes: 0 success; 1 a negative answer (a key that is not valid, findings, \
            401/403/404 from the server); 2 usage or input error (400/409/413/422 included); \
            3 server or I/O failure (5xx, no connection).
            """,
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, KeyspaceCommand.self, KeyCommand.self, TokenCommand.self,
            ScanCommand.self, HookCommand.self, RootTokenCommand.self,
        ]
    )

    /// Parses and runs, mapping argument errors to exit code 2 (SPEC §6) instead
    /// of argument-parser's 64.
    static func main() async {
        // A closed pipe is a lost line of output, not a dead server (see Console).
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as CLIFailure {
            Console.error(failure.message)
            Foundation.exit(failure.exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                self.exit(withError: error)
            }
            Console.error(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? CLIExit.usage.rawValue : code.rawValue)
        }
    }
}
