import ArgumentParser
import KeywardCore

/// `keyward keyspace create|list|show|update|delete`.
struct KeyspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keyspace",
        abstract: "Manage keyspaces: groups of keys with a prefix and defaults.",
        subcommands: [Create.self, List.self, Show.self, Update.self, Delete.self]
    )

    static let fields = [
        "id", "name", "prefix", "scopes", "ipAllowlist", "ratelimits", "maxLifetime", "rotationPeriod", "requireExpiry", "rateLimitMode",
        "failOpenFor",
        "onTheft",
        "revokeUnusedAfter", "anomalies",
        "createdAt", "updatedAt",
    ]

    struct Settings: ParsableArguments {
        @Option(name: .long, help: "Key prefix, such as acme_live (default kw).")
        var prefix: String?

        @Option(name: .long, help: "Default scope of new keys (repeatable).")
        var scope: [String] = []

        @Option(name: .long, help: "Default IP allowlist of new keys: a CIDR range or address (repeatable).")
        var ip: [String] = []

        @Option(name: .customLong("max-lifetime"), help: "Longest key lifetime, such as 90d.")
        var maxLifetime: String?

        @Option(name: .customLong("rotation-period"), help: "Rotation period, such as 30d.")
        var rotationPeriod: String?

        @Flag(name: .customLong("require-expiry"), inversion: .prefixedNo, help: "Whether every key must expire.")
        var requireExpiry: Bool?

        @Option(name: .customLong("rate-limit-mode"), help: "local (each node counts) or global (one count across nodes on PostgreSQL).")
        var rateLimitMode: String?

        @Option(
            name: .customLong("fail-open-for"),
            help:
                "How long keys keep verifying from a node's cache while PostgreSQL cannot be reached, such as 5m (1s to 1h); closed: not at all (the default)."
        )
        var failOpenFor: String?

        @OptionGroup var rates: RateOptions
        @OptionGroup var monitoring: KeyspaceMonitoringOptions

        func body() throws -> [String: JSONValue] {
            var body: [String: JSONValue] = [:]
            try rates.apply(to: &body)
            monitoring.apply(to: &body)
            if let prefix { body["prefix"] = .string(prefix) }
            if !scope.isEmpty { body["scopes"] = .array(scope.map(JSONValue.string)) }
            if !ip.isEmpty { body["ipAllowlist"] = .array(ip.map(JSONValue.string)) }
            if let maxLifetime { body["maxLifetime"] = .string(maxLifetime) }
            if let rotationPeriod { body["rotationPeriod"] = .string(rotationPeriod) }
            if let requireExpiry { body["requireExpiry"] = .bool(requireExpiry) }
            if let rateLimitMode { body["rateLimitMode"] = .string(rateLimitMode) }
            if let failOpenFor { body["failOpenFor"] = failOpenFor == "closed" ? .null : .string(failOpenFor) }
            return body
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a keyspace.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Keyspace name.") var name: String
        @OptionGroup var settings: Settings

        func run() async throws {
            let client = try options.client()
            var body = try settings.body()
            body["name"] = .string(name)
            let answer = try await client.send(.POST, "/v1/keyspaces", body: .object(body))
            client.output(answer) { Render.record($0, fields: KeyspaceCommand.fields) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keyspaces.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var page: PageOptions

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/keyspaces" + page.query([]))
            client.output(answer) { Render.list($0, columns: ["id", "name", "prefix", "maxLifetime"]) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a keyspace.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Keyspace name or id.") var keyspace: String

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/keyspaces/\(keyspace.urlEncoded)")
            client.output(answer) { Render.record($0, fields: KeyspaceCommand.fields) }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a keyspace's settings.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Keyspace name or id.") var keyspace: String
        @Option(name: .long, help: "New name.") var name: String?
        @OptionGroup var settings: Settings

        func run() async throws {
            let client = try options.client()
            var body = try settings.body()
            if let name { body["name"] = .string(name) }
            guard !body.isEmpty else { throw ValidationError("name at least one setting to change") }
            let answer = try await client.send(.PATCH, "/v1/keyspaces/\(keyspace.urlEncoded)", body: .object(body))
            client.output(answer) { Render.record($0, fields: KeyspaceCommand.fields) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an empty keyspace.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Keyspace name or id.") var keyspace: String

        func run() async throws {
            let client = try options.client()
            _ = try await client.send(.DELETE, "/v1/keyspaces/\(keyspace.urlEncoded)")
            if !options.json { print("Deleted keyspace \(keyspace).") }
        }
    }
}

/// `--limit` and `--cursor` of list commands.
struct PageOptions: ParsableArguments {
    @Option(name: .long, help: "Items per page (1-1000).") var limit: Int?
    @Option(name: .long, help: "Cursor from a previous page.") var cursor: String?

    /// The query string with `extra` pairs first.
    func query(_ extra: [(String, String?)]) -> String {
        var pairs = extra.compactMap { name, value in value.map { "\(name)=\($0.urlEncoded)" } }
        if let limit { pairs.append("limit=\(limit)") }
        if let cursor { pairs.append("cursor=\(cursor.urlEncoded)") }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }
}
