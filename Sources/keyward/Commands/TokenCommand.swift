import ArgumentParser
import KeywardCore

/// `keyward token create|list|revoke`: management tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage management tokens (kwm_…).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is shown once.")
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "Scope to grant (repeatable), such as keys:verify.") var scope: [String] = []
        @Option(name: .long, help: "Lifetime, such as 1h or 30d.") var ttl: String?
        @Option(name: .long, help: "A name for people.") var name: String?

        func validate() throws {
            if scope.isEmpty { throw ValidationError("name at least one --scope") }
        }

        func run() async throws {
            let client = try options.client()
            var body: [String: JSONValue] = ["scopes": .array(scope.map(JSONValue.string))]
            if let ttl { body["ttl"] = .string(ttl) }
            if let name { body["name"] = .string(name) }
            let answer = try await client.send(.POST, "/v1/tokens", body: .object(body))
            client.output(answer) { token in
                Render.record(token, fields: ["id", "name", "scopes", "expiresAt"])
                    + "\n\nToken (shown once; store it now):\n" + Render.value(token["token"])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never the tokens themselves).")
        @OptionGroup var options: ClientOptions
        @OptionGroup var page: PageOptions

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/tokens" + page.query([]))
            client.output(answer) { Render.list($0, columns: ["id", "start", "state", "expiresAt", "scopes"]) }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Token id (tok_…).") var id: String

        func run() async throws {
            let client = try options.client()
            _ = try await client.send(.DELETE, "/v1/tokens/\(id.urlEncoded)")
            if !options.json { print("Revoked token \(id).") }
        }
    }
}
