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
            SecretCommand.self, RunCommand.self, KeyringCommand.self, RekeyCommand.self, ScanCommand.self, HookCommand.self, RootTokenCommand.self,
            AuditCommand.self, AlertsCommand.self, WebhookCommand.self, UserCommand.self, LoginCommand.self, LogoutCommand.self,
            MFACommand.self, MigrateCommand.self,
        ]
    )

    /// Parses and runs, mapping argument errors to exit code 2 (SPEC §6) instead
    /// of argument-parser's 64. A mistyped subcommand gets a suggestion, and an
    /// input error names the usage of the command that was given, not the root's.
    static func main() async {
        // A closed pipe is a lost line of output, not a dead server (see Console).
        signal(SIGPIPE, SIG_IGN)
        let arguments = Array(CommandLine.arguments.dropFirst())
        var command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            if let unknown = UnknownCommand(in: arguments, root: Keyward.self) {
                Console.error(unknown.message)
                Foundation.exit(CLIExit.usage.rawValue)
            }
            fail(error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let validation as ValidationError {
            Console.error(usageMessage(validation.message, for: type(of: command)) ?? fullMessage(for: validation))
            Foundation.exit(CLIExit.usage.rawValue)
        } catch {
            fail(error)
        }
    }

    /// Prints `error` the way argument-parser would and exits with the code of SPEC §6.
    static func fail(_ error: any Error) -> Never {
        switch error {
        case let exit as ExitCode:
            Foundation.exit(exit.rawValue)
        case let failure as CLIFailure:
            Console.error(failure.message)
            Foundation.exit(failure.exitCode.rawValue)
        default:
            let code = exitCode(for: error)
            if code == .success {
                self.exit(withError: error)
            }
            Console.error(fullMessage(for: error))
            Foundation.exit(code == .validationFailure ? CLIExit.usage.rawValue : code.rawValue)
        }
    }

    /// `Error: …`, then the usage of `command` (say `keyward key create`) and where its help is.
    /// Nil for a command outside the tree (argument-parser's own `help`).
    static func usageMessage(_ message: String, for command: any ParsableCommand.Type) -> String? {
        guard let path = commandPath(to: command, from: Keyward.self)?.joined(separator: " ") else { return nil }
        let usage = usageString(for: command).replacingOccurrences(of: "\n", with: "\n       ")
        return "Error: \(message)\nUsage: \(usage)\n  See '\(path) --help' for more information."
    }

    /// The names from `root` down to `command`, such as `["keyward", "key", "create"]`.
    static func commandPath(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String]? {
        if ObjectIdentifier(command) == ObjectIdentifier(root) { return [root._commandName] }
        for child in root.configuration.subcommands {
            if let path = commandPath(to: command, from: child) { return [root._commandName] + path }
        }
        return nil
    }
}
