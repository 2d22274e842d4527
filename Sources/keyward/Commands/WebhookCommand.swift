import ArgumentParser
import Foundation
import KeywardCore

/// `keyward webhook add|list|remove|deliveries`: where alerts are sent (SPEC §9).
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Send alerts to HTTP receivers, signed with Keyward-Signature.",
        subcommands: [Add.self, List.self, Remove.self, Deliveries.self]
    )

    static let columns = ["id", "url", "events", "createdAt"]

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a receiver; prints its signing secret once.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "The receiver's http(s) URL.") var url: String
        @Option(name: .long, help: "Only these alert types, comma-separated (default: every type).") var events: String?

        func run() async throws {
            var body: [String: JSONValue] = ["url": .string(url)]
            if let events {
                body["events"] = .array(events.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) })
            }
            let client = try options.client()
            let answer = try await client.send(.POST, "/v1/webhooks", body: .object(body))
            client.output(answer) { webhook in
                Render.record(webhook, fields: ["id", "url", "events"])
                    + "\n\nSigning secret (shown once; give it to the receiver):\n" + Render.value(webhook["secret"])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the receivers (never their secrets).")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/webhooks")
            client.output(answer) { Render.list($0, columns: WebhookCommand.columns) }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a receiver and its delivery history.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Webhook id (wh_…).") var id: String

        func run() async throws {
            let client = try options.client()
            _ = try await client.send(.DELETE, "/v1/webhooks/\(id.urlEncoded)")
            if !options.json { print("Removed webhook \(id).") }
        }
    }

    struct Deliveries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a receiver's delivery attempts, newest first.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Webhook id (wh_…).") var id: String
        @Option(name: .long, help: "At most this many (1-1000).") var limit = 100

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000") }
        }

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/webhooks/\(id.urlEncoded)/deliveries?limit=\(limit)")
            client.output(answer) {
                Render.list($0, columns: ["attemptedAt", "eventId", "type", "attempt", "outcome", "statusCode", "durationMs", "error"])
            }
        }
    }
}
