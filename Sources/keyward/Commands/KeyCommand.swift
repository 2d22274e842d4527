import ArgumentParser
import Foundation
import KeywardCore

/// `keyward key create|list|show|update|rotate|revoke|delete|verify|usage`.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Issue, inspect, change, revoke and verify keys.",
        subcommands: [Create.self, List.self, Show.self, Update.self, Rotate.self, Revoke.self, Delete.self, Verify.self, Usage.self]
    )

    static let fields = [
        "id", "keyspace", "start", "name", "owner", "state", "scopes", "ipAllowlist", "ratelimits", "quota", "meta", "expiresAt", "enabled",
        "createdAt", "updatedAt",
        "lastUsedAt", "revokedAt", "revokeReason", "rotatedFrom", "rotatedTo", "rotationDueAt", "rotationOverdue",
    ]

    /// The settings shared by `create` and `update`.
    struct Settings: ParsableArguments {
        @Option(name: .long, help: "A name for people.") var name: String?
        @Option(name: .long, help: "The consumer's identity.") var owner: String?
        @Option(name: .long, help: "Scope to grant (repeatable).") var scope: [String] = []
        @Option(name: .long, help: "Allow use only from this CIDR range or address (repeatable).") var ip: [String] = []
        @Flag(name: .customLong("clear-ip"), help: "Remove the IP allowlist (use from anywhere).") var clearIP = false
        @Option(name: .long, help: "Expiry: a duration from now (90d) or an RFC 3339 time.") var expires: String?
        @Option(name: .long, help: "Metadata as a JSON object.") var meta: String?
        @OptionGroup var rates: RateOptions
        @OptionGroup var quota: QuotaOptions

        func body() throws -> [String: JSONValue] {
            var body: [String: JSONValue] = [:]
            try rates.apply(to: &body)
            try quota.apply(to: &body)
            if let name { body["name"] = .string(name) }
            if let owner { body["owner"] = .string(owner) }
            if !scope.isEmpty { body["scopes"] = .array(scope.map(JSONValue.string)) }
            if !ip.isEmpty && clearIP { throw ValidationError("--ip and --clear-ip exclude each other") }
            if !ip.isEmpty { body["ipAllowlist"] = .array(ip.map(JSONValue.string)) }
            if clearIP { body["ipAllowlist"] = .array([]) }
            if let expires { body["expiresAt"] = .string(try Self.expiry(expires)) }
            if let meta {
                guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(meta.utf8)), case .object = value else {
                    throw ValidationError("--meta must be a JSON object, such as '{\"plan\":\"pro\"}'")
                }
                body["meta"] = value
            }
            return body
        }

        /// `90d` becomes now + 90 days; an RFC 3339 time passes as it is.
        static func expiry(_ text: String) throws -> String {
            if let date = try? Timestamp.parse(text) { return Timestamp.format(date) }
            do {
                let duration = try DurationText(parsing: text, field: "--expires")
                return Timestamp.format(Date().addingTimeInterval(duration.timeInterval))
            } catch {
                throw ValidationError("--expires: \(error.message); or give an RFC 3339 time")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a key; it is shown once.")
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "Keyspace name or id.") var keyspace: String
        @OptionGroup var settings: Settings
        @Flag(name: .long, help: "Create the key disabled.") var disabled = false

        func run() async throws {
            let client = try options.client()
            var body = try settings.body()
            body["keyspace"] = .string(keyspace)
            if disabled { body["enabled"] = .bool(false) }
            let answer = try await client.send(.POST, "/v1/keys", body: .object(body))
            client.output(answer) { key in
                Render.record(key, fields: ["id", "keyspace", "name", "owner", "scopes", "ratelimits", "quota", "expiresAt"])
                    + "\n\nKey (shown once; store it now):\n" + Render.value(key["key"])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never the keys themselves).")
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "Keyspace name or id.") var keyspace: String?
        @Option(name: .long, help: "Owner.") var owner: String?
        @Option(name: .long, help: "active, disabled, expired or revoked.") var state: String?
        @Flag(name: .long, help: "Only active keys past their keyspace's rotation period.") var overdue = false
        @OptionGroup var page: PageOptions

        func run() async throws {
            let client = try options.client()
            let query = page.query([("keyspace", keyspace), ("owner", owner), ("state", state), ("overdue", overdue ? "true" : nil)])
            let answer = try await client.send(.GET, "/v1/keys" + query)
            let columns = ["id", "start", "keyspace", "state", "owner", "name"] + (overdue ? ["rotationDueAt"] : [])
            client.output(answer) { Render.list($0, columns: columns) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a key's record.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Key id (key_…).") var id: String

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/keys/\(id.urlEncoded)")
            client.output(answer) { Render.record($0, fields: KeyCommand.fields) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a key's settings.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Key id (key_…).") var id: String
        @OptionGroup var settings: Settings
        @Flag(name: .long, help: "Remove the expiry (within the keyspace's lifetime policy).") var noExpiry = false
        @Flag(help: "Enable or disable the key.") var switchTo: Switch?

        func run() async throws {
            let client = try options.client()
            var body = try settings.body()
            if noExpiry { body["expiresAt"] = .null }
            if let switchTo { body["enabled"] = .bool(switchTo == .enable) }
            guard !body.isEmpty else { throw ValidationError("name at least one setting to change") }
            let answer = try await client.send(.PATCH, "/v1/keys/\(id.urlEncoded)", body: .object(body))
            client.output(answer) { Render.record($0, fields: KeyCommand.fields) }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a successor with the same settings; the old key stays valid for --grace (0: ends now).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Key id (key_…).") var id: String
        @Option(name: .long, help: "How long the old key stays valid: a duration (24h), or 0 to end it at once.") var grace = "24h"

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.POST, "/v1/keys/\(id.urlEncoded)/rotate", body: .object(["gracePeriod": .string(grace)]))
            client.output(answer) { key in
                Render.record(key, fields: ["id", "rotatedFrom", "keyspace", "name", "owner", "scopes", "expiresAt"])
                    + "\n\nKey (shown once; store it now):\n" + Render.value(key["key"])
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Key id (key_…).") var id: String
        @Option(name: .long, help: "Why, for the record.") var reason: String?

        func run() async throws {
            let client = try options.client()
            let body: JSONValue = .object(reason.map { ["reason": .string($0)] } ?? [:])
            let answer = try await client.send(.POST, "/v1/keys/\(id.urlEncoded)/revoke", body: body)
            client.output(answer) { Render.record($0, fields: ["id", "state", "revokedAt", "revokeReason"]) }
        }
    }

    struct Usage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Chart a key's verifications by outcome (--json for the buckets).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Key id (key_…).") var id: String
        @Option(name: .long, help: "How far back: a duration (24h, 7d).") var since = "24h"
        @Option(name: .long, help: "minute, hour or day (default: by the range).") var granularity: String?

        func run() async throws {
            let span: DurationText
            do {
                span = try DurationText(parsing: since, field: "--since")
            } catch {
                throw ValidationError("--since: \(error.message)")
            }
            let chosen: UsageGranularity
            if let granularity {
                guard let parsed = UsageGranularity(rawValue: granularity) else { throw ValidationError("--granularity must be minute, hour or day") }
                chosen = parsed
            } else {
                chosen = UsageChart.granularity(for: span.timeInterval)
            }
            let from = Timestamp.format(Date().addingTimeInterval(-span.timeInterval))
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/keys/\(id.urlEncoded)/usage?from=\(from.urlEncoded)&granularity=\(chosen.rawValue)")
            client.output(answer) { UsageChart.render($0, subject: id) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key's record.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Key id (key_…).") var id: String

        func run() async throws {
            let client = try options.client()
            _ = try await client.send(.DELETE, "/v1/keys/\(id.urlEncoded)")
            if !options.json { print("Deleted key \(id).") }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a key (exit 0 valid, 1 not).",
            discussion: """
                Prefer giving the key on standard input (omit KEY, or give -): an argument is \
                visible to every user of the machine in the process list (ps) and stays in shell \
                history. The first line is read and trimmed. Exit 0 for VALID, 1 for any other code.
                """
        )
        @OptionGroup var options: ClientOptions
        @Argument(help: "The key; omit it or give - to read it from standard input (preferred).") var key: String?
        @Option(name: .long, help: "Keyspace name or id it must belong to.") var keyspace: String?
        @Option(name: .long, help: "Scope query, such as 'docs:read AND (billing:read OR admin)'.") var scopes: String?
        @Option(name: .long, help: "The client's IP address.") var ip: String?

        func run() async throws {
            let client = try options.client()
            let text = try key.flatMap { $0 == "-" ? nil : $0 } ?? Self.keyFromStandardInput()
            var body: [String: JSONValue] = ["key": .string(text)]
            if let keyspace { body["keyspace"] = .string(keyspace) }
            if let scopes { body["scopes"] = .string(scopes) }
            if let ip { body["ip"] = .string(ip) }
            let answer = try await client.send(.POST, "/v1/keys/verify", body: .object(body))
            client.output(answer) { result in
                let code = Render.value(result["code"])
                guard result["keyId"] != nil else { return code }
                return code + "\n"
                    + Render.record(result, fields: ["keyId", "keyspace", "name", "owner", "scopes", "expiresAt", "remaining", "ratelimits"])
            }
            if answer.object["valid"] != .bool(true) { throw CLIExit.negative }
        }

        /// The first line of standard input, trimmed. On a terminal a prompt goes
        /// to standard error (never to standard output, which scripts read).
        static func keyFromStandardInput() throws -> String {
            if isatty(STDIN_FILENO) == 1 { Console.write(bytes: Array("Key: ".utf8), to: STDERR_FILENO) }
            let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !line.isEmpty else { throw ValidationError("no key on standard input") }
            return line
        }
    }
}

/// `--enable` or `--disable` (one at most).
enum Switch: String, EnumerableFlag {
    case enable, disable
}
