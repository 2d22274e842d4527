import ArgumentParser
import Foundation
import KeywardCore

/// `keyward run [--env NAME=PATH]… [--prefix PATH/] [--mask] -- COMMAND [ARG…]`:
/// starts COMMAND with vault secrets added to its environment (SPEC §8, §11).
/// Every secret is fetched first; if one is missing or not allowed, COMMAND
/// is not started.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command with vault secrets in its environment.",
        discussion: """
            --env NAME=PATH adds one variable; --prefix app/ adds every secret below app/, each named by its \
            path below the prefix, upper-cased, with every character other than A-Z0-9 turned into _ \
            (app/db/password gives DB_PASSWORD); an --env wins over a --prefix name. Standard input, output, \
            error and the signals INT, TERM and HUP pass through; keyward exits with the command's code \
            (128+N when signal N ended it). --mask replaces every injected value in the command's output \
            with ***.
            """)

    @OptionGroup var options: ClientOptions
    @Option(name: .long, help: "NAME=PATH: set NAME to the secret at PATH (repeatable).") var env: [String] = []
    @Option(name: .long, help: "Add every secret below this path prefix (repeatable).") var prefix: [String] = []
    @Flag(name: .long, help: "Replace the injected values in the command's output with ***.") var mask = false
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.") var command: [String] = []

    /// Variables `run` injects at most.
    static let maximumVariables = 1000

    mutating func validate() throws {
        if command.first == "--" { command.removeFirst() }
        if command.isEmpty { throw ValidationError("name the command to run after --, such as: keyward run --prefix app/ -- ./server") }
        if env.isEmpty && prefix.isEmpty { throw ValidationError("name the secrets to inject with --env NAME=PATH or --prefix PATH/") }
        for entry in env { _ = try Self.binding(entry) }
    }

    func run() async throws {
        let client = try options.client()
        var paths: [String: String] = [:]
        var sources: [String: String] = [:]
        for folder in prefix {
            for path in try await Self.paths(under: folder, client: client) {
                guard let secretPath = try? SecretPath(parsing: path), let name = EnvironmentName.of(secretPath, under: folder) else { continue }
                if let earlier = sources[name], earlier != path {
                    throw CLIFailure(
                        message: "error: \(earlier) and \(path) both give the variable \(name); name one with --env", exitCode: CLIExit.usage)
                }
                paths[name] = path
                sources[name] = path
            }
        }
        for entry in env {
            let (name, path) = try Self.binding(entry)
            paths[name] = path
        }
        guard paths.count <= Self.maximumVariables else {
            throw CLIFailure(message: "error: \(paths.count) secrets to inject; run takes at most \(Self.maximumVariables)", exitCode: CLIExit.usage)
        }
        var variables: [(name: String, value: [UInt8])] = []
        for (name, path) in paths.sorted(by: { $0.key < $1.key }) {
            let answer = try await client.send(.GET, "/v1/secrets/\(path)")
            let value = try SecretInput.value(of: answer.object)
            if value.contains(0) {
                throw CLIFailure(message: "error: the secret \(path) holds a NUL byte and cannot be an environment variable", exitCode: CLIExit.usage)
            }
            variables.append((name, value))
        }
        let status = try ChildProcess.run(command, adding: variables, masking: mask ? variables.map(\.value) : nil)
        throw ExitCode(status)
    }

    /// `NAME=PATH`, both checked.
    static func binding(_ entry: String) throws -> (String, String) {
        guard let equals = entry.firstIndex(of: "=") else { throw ValidationError("--env \(entry): expected NAME=PATH") }
        let name = String(entry[..<equals])
        guard EnvironmentName.isValid(name) else {
            throw ValidationError(
                "--env \(entry): \(name.isEmpty ? "the name is empty" : "\(name) is not a variable name (letters, digits and _, not starting with a digit)")"
            )
        }
        do {
            return (name, try SecretPath(parsing: String(entry[entry.index(after: equals)...]), field: "--env").rawValue)
        } catch {
            throw ValidationError("--env \(entry): \(error.message)")
        }
    }

    /// Every path below `prefix` that the token may read, through all pages.
    static func paths(under prefix: String, client: APIClient) async throws -> [String] {
        var paths: [String] = []
        var cursor: String?
        repeat {
            var query = "?limit=1000&prefix=\(prefix.urlEncoded)"
            if let cursor { query += "&cursor=\(cursor)" }
            let answer = try await client.send(.GET, "/v1/secrets" + query)
            for case .object(let item) in answer.object["items"]?.arrayValue ?? [] {
                if let path = item["path"]?.stringValue { paths.append(path) }
            }
            cursor = answer.object["nextCursor"]?.stringValue
            guard paths.count <= maximumVariables else { break }
        } while cursor != nil
        if paths.isEmpty { throw CLIFailure(message: "error: no secret you may read is below \(prefix)", exitCode: CLIExit.negative) }
        return paths
    }
}
