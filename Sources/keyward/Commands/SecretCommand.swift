import ArgumentParser
import Foundation
import KeywardCore

/// `keyward secret set|get|list|history|delete`: the vault. Only `get` prints
/// a value (and `run` hands them to a child).
struct SecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Keep the secrets you hold (third-party keys, passwords) in the encrypted vault.",
        subcommands: [SetValue.self, Get.self, List.self, History.self, Delete.self, Import.self]
    )

    struct SetValue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Store a new version of a secret.",
            discussion: """
                The value comes from VALUE, from --from-file F, or from standard input with -, byte for byte \
                (a trailing newline is kept: use printf '%s', not echo). A VALUE on the command line lands in \
                your shell history and in the process list; prefer -.
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "Path, such as payments/stripe/live.") var path: String
        @Argument(help: "The value, or - to read it from standard input.") var value: String?
        @Option(name: .long, help: "Read the value from this file.") var fromFile: String?
        @Option(name: .long, help: "Remind to rotate after this long, such as 90d.") var rotateEvery: String?
        @Flag(name: .long, help: "Stop reminding to rotate.") var noRotate = false

        func validate() throws {
            if value != nil && fromFile != nil { throw ValidationError("give VALUE, --from-file F or -, not two of them") }
            if value == nil && fromFile == nil { throw ValidationError("give the value: VALUE, --from-file F, or - to read standard input") }
            if rotateEvery != nil && noRotate { throw ValidationError("--rotate-every and --no-rotate exclude each other") }
        }

        func run() async throws {
            let bytes = try SecretInput.read(value: value, file: fromFile)
            if let value, value != "-" {
                Console.error(
                    "warning: a value on the command line lands in your shell history and the process list; use - and standard input instead")
            }
            var body = SecretInput.body(bytes)
            if let rotateEvery { body["rotateEvery"] = .string(rotateEvery) }
            if noRotate { body["rotateEvery"] = .null }
            let client = try options.client()
            let answer = try await client.send(.PUT, "/v1/secrets/\(try SecretInput.path(path))", body: .object(body))
            client.output(answer) { record in
                var text = "Stored \(Render.value(record["path"])) version \(Render.value(record["version"])) (\(bytes.count) bytes)."
                if bytes.last == 0x0A { text += "\nNote: the value ends with a newline (echo adds one; printf '%s' does not)." }
                return text
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a secret's value (and a newline), so $(keyward secret get P) works.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Path.") var path: String
        @Option(name: .long, help: "An earlier version.") var version: Int?
        @Flag(name: .long, help: "Print the exact bytes, without the newline.") var raw = false

        func run() async throws {
            let client = try options.client()
            let query = version.map { "?version=\($0)" } ?? ""
            let answer = try await client.send(.GET, "/v1/secrets/\(try SecretInput.path(path))\(query)")
            if options.json {
                Console.write(bytes: answer.body + [0x0A])
                return
            }
            let value = try SecretInput.value(of: answer.object)
            Console.write(bytes: raw ? value : value + [0x0A])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List secrets (never their values); marks overdue and compromised ones.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var page: PageOptions
        @Option(name: .long, help: "Only paths that start with this.") var prefix: String?

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/secrets" + page.query([("prefix", prefix)]))
            client.output(answer) { listing in
                var marked = listing
                if case .array(let items)? = listing["items"] {
                    marked["items"] = .array(items.map(SecretInput.withStatus))
                }
                return Render.list(marked, columns: ["path", "version", "updatedAt", "rotateEvery", "status"])
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the kept versions of a secret (never their values).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Path.") var path: String

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/secrets/\(try SecretInput.path(path))?versions")
            client.output(answer) { record in
                Render.record(SecretInput.withStatus(.object(record)).objectValue ?? record, fields: ["path", "version", "rotateEvery", "status"])
                    + "\n\n" + Render.list(["items": record["versions"] ?? .array([])], columns: ["version", "createdAt", "createdBy", "current"])
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a secret and every version of it.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Path.") var path: String

        func run() async throws {
            let client = try options.client()
            _ = try await client.send(.DELETE, "/v1/secrets/\(try SecretInput.path(path))")
            if !options.json { print("Deleted \(path) and every version of it.") }
        }
    }
}

extension SecretCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move the variables of a .env file into the vault, and print the keyward run line that replaces the file.",
            discussion: """
                Each NAME=VALUE becomes the secret PREFIX/NAME (quotes, export, comments, escapes and multi-line \
                values as docs/vault.md says). A line that cannot be parsed stops the import before anything is \
                stored. --delete-file removes the file only after every value was stored and read back equal.
                """)
        @OptionGroup var options: ClientOptions
        @Argument(help: "The dotenv file.") var file: String
        @Option(name: .long, help: "Path prefix of the secrets, such as app/.") var prefix: String = ""
        @Flag(name: .long, help: "Delete the file once every value is stored and read back.") var deleteFile = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIFailure(message: "error: cannot read \(file)", exitCode: CLIExit.usage)
            }
            guard data.count <= DotenvParser.maximumBytes else {
                throw CLIFailure(message: "error: \(file) is larger than \(DotenvParser.maximumBytes) bytes", exitCode: CLIExit.usage)
            }
            let entries: [DotenvEntry]
            do {
                entries = try DotenvParser.parse(Array(data))
            } catch {
                throw CLIFailure(message: "error: \(error.code.rawValue): \(file): \(error.message)", exitCode: CLIExit.usage)
            }
            guard !entries.isEmpty else { throw CLIFailure(message: "error: \(file) sets no variable", exitCode: CLIExit.usage) }
            let folder = prefix.isEmpty || prefix.hasSuffix("/") ? prefix : prefix + "/"
            // Every path is checked before the first value is stored.
            var paths: [(entry: DotenvEntry, path: String)] = []
            for entry in entries { paths.append((entry, try SecretInput.path(folder + entry.name))) }
            let client = try options.client()
            for (entry, path) in paths {
                _ = try await client.send(.PUT, "/v1/secrets/\(path)", body: .object(SecretInput.body(Array(entry.value.utf8))))
            }
            if deleteFile {
                for (entry, path) in paths {
                    let stored = try SecretInput.value(of: try await client.send(.GET, "/v1/secrets/\(path)").object)
                    guard stored == Array(entry.value.utf8) else {
                        throw CLIFailure(
                            message: "error: \(path) reads back different from line \(entry.line); \(file) was kept", exitCode: CLIExit.failure)
                    }
                }
                guard unlink(file) == 0 else {
                    throw CLIFailure(message: "error: every value is stored, but \(file) could not be deleted", exitCode: CLIExit.failure)
                }
            }
            let names = paths.map(\.entry.name).joined(separator: ", ")
            var text = "Stored \(paths.count) secret\(paths.count == 1 ? "" : "s") under \(folder.isEmpty ? "the root" : folder): \(names)."
            if deleteFile { text += "\nDeleted \(file)." }
            text += "\nRun your command with them instead of the file:\n  keyward run --prefix \(folder.isEmpty ? "''" : folder) -- COMMAND"
            if options.json {
                Console.line(String(decoding: JSONBodyText.encode(.object(["stored": .array(paths.map { .string($0.path) })])), as: UTF8.self))
            } else {
                print(text)
            }
        }
    }
}

/// Reading values in and out for the secret commands.
enum SecretInput {
    /// The path, checked here first so a bad one is an input error (exit 2) without a round trip.
    static func path(_ text: String) throws -> String {
        do {
            return try SecretPath(parsing: text, field: "PATH").rawValue
        } catch {
            throw CLIFailure(message: "error: \(error.code.rawValue): PATH: \(error.message)", exitCode: CLIExit.usage)
        }
    }

    /// The bytes of VALUE, of standard input (`-`) or of a file, at most 64 KiB.
    static func read(value: String?, file: String?) throws -> [UInt8] {
        let bytes: [UInt8]
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIFailure(message: "error: cannot read \(file)", exitCode: CLIExit.usage)
            }
            bytes = Array(data)
        } else if value == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            bytes = Array((value ?? "").utf8)
        }
        guard bytes.count <= SecretLimits.maximumValueBytes else {
            throw CLIFailure(
                message: "error: VALUE_TOO_LARGE: the value has \(bytes.count) bytes; a secret holds at most \(SecretLimits.maximumValueBytes)",
                exitCode: CLIExit.usage)
        }
        return bytes
    }

    /// `value` for UTF-8 text, `valueBase64` for any other bytes.
    static func body(_ bytes: [UInt8]) -> [String: JSONValue] {
        if let text = String(validating: bytes, as: UTF8.self) { return ["value": .string(text)] }
        return ["valueBase64": .string(Data(bytes).base64EncodedString())]
    }

    /// The bytes of a `GET /v1/secrets/{path}` answer.
    static func value(of answer: [String: JSONValue]) throws -> [UInt8] {
        if case .string(let text)? = answer["value"] { return Array(text.utf8) }
        if case .string(let encoded)? = answer["valueBase64"], let data = Data(base64Encoded: encoded) { return Array(data) }
        throw CLIFailure(message: "error: the server's answer holds no value", exitCode: CLIExit.failure)
    }

    /// A record with `status`: COMPROMISED, overdue, or ok.
    static func withStatus(_ item: JSONValue) -> JSONValue {
        guard case .object(var record) = item else { return item }
        var status: [String] = []
        if record["compromised"] == .bool(true) { status.append("COMPROMISED (\(Render.value(record["compromisedSource"])))") }
        if record["rotationOverdue"] == .bool(true) { status.append("overdue since \(Render.value(record["rotationDueAt"]))") }
        record["status"] = .string(status.isEmpty ? "ok" : status.joined(separator: ", "))
        return .object(record)
    }
}
