import ArgumentParser
import Foundation
import KeywardCore

/// `keyward user add|list|show|disable|enable|delete|passwd`: administrators
/// who log in (docs/users.md). Passwords come from a prompt or standard input.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the administrators who log in with a password (admin only).",
        subcommands: [Add.self, List.self, Show.self, Disable.self, Enable.self, Delete.self, Passwd.self]
    )

    static let fields = ["id", "name", "role", "scopes", "enabled", "createdAt", "updatedAt"]

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; the password is asked for (or read from standard input).")
        @OptionGroup var options: ClientOptions
        @Argument(help: "User name.") var name: String
        @Option(name: .long, help: "admin, operator, auditor or reader.") var role: String

        func run() async throws {
            let client = try options.client()
            let password = try PasswordInput.read(prompt: "Password for \(name): ", confirm: true)
            let body: JSONValue = .object(["name": .string(name), "role": .string(role), "password": .string(password)])
            let answer = try await client.send(.POST, "/v1/users", body: body)
            client.output(answer) { Render.record($0, fields: UserCommand.fields) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/users?limit=1000")
            client.output(answer) { Render.list($0, columns: ["id", "name", "role", "enabled", "createdAt"]) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a user.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "User name or id.") var user: String

        func run() async throws {
            let client = try options.client()
            client.output(try await client.send(.GET, "/v1/users/\(user.urlEncoded)")) { Render.record($0, fields: UserCommand.fields) }
        }
    }

    /// PATCHes one user with `body` and prints the result.
    static func patch(_ options: ClientOptions, _ user: String, _ body: [String: JSONValue]) async throws {
        let client = try options.client()
        let answer = try await client.send(.PATCH, "/v1/users/\(user.urlEncoded)", body: .object(body))
        client.output(answer) { Render.record($0, fields: UserCommand.fields) }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: no more logins, and its sessions end now.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "User name or id.") var user: String

        func run() async throws { try await UserCommand.patch(options, user, ["enabled": .bool(false)]) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "User name or id.") var user: String

        func run() async throws { try await UserCommand.patch(options, user, ["enabled": .bool(true)]) }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (asked for); its sessions end now.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "User name or id.") var user: String

        func run() async throws {
            let password = try PasswordInput.read(prompt: "New password for \(user): ", confirm: true)
            try await UserCommand.patch(options, user, ["password": .string(password)])
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user; its sessions end now.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "User name or id.") var user: String

        func run() async throws {
            let client = try options.client()
            _ = try await client.send(.DELETE, "/v1/users/\(user.urlEncoded)")
            if !options.json { print("Deleted user \(user).") }
        }
    }
}
