import ArgumentParser
import Foundation
import KeywardCore

/// `keyward alerts list|ack`: what the anomaly detectors raised (SPEC §9).
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List and acknowledge alerts.",
        subcommands: [List.self, Ack.self]
    )

    static let columns = ["id", "type", "severity", "subject", "count", "firstSeenAt", "lastSeenAt", "acknowledged"]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List alerts, newest first.")
        @OptionGroup var options: ClientOptions
        @Flag(name: .long, help: "Only alerts not yet acknowledged.") var open = false
        @Option(
            name: .long, help: "Only this type (key.rate_spike, key.new_network, key.revoked_use, source.brute_force, key.leaked, secret.leaked).")
        var type: String?
        @Option(name: .long, help: "Only alerts about this key id.") var key: String?
        @Option(name: .long, help: "At most this many (1-1000).") var limit = 100

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000") }
            if let type, AlertType(rawValue: type) == nil {
                throw ValidationError("--type must be one of \(AlertType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() async throws {
            var query = ["limit=\(limit)"]
            if open { query.append("open=true") }
            if let type { query.append("type=\(type.urlEncoded)") }
            if let key { query.append("key=\(key.urlEncoded)") }
            let client = try options.client()
            let answer = try await client.send(.GET, "/v1/alerts?" + query.joined(separator: "&"))
            client.output(answer) { Render.list($0, columns: AlertsCommand.columns) }
        }
    }

    struct Ack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Acknowledge an alert; the next occurrence opens a new one.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Alert id (alr_…).") var id: String

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.POST, "/v1/alerts/\(id.urlEncoded)/ack")
            client.output(answer) { Render.record($0, fields: ["id", "type", "count", "acknowledgedAt", "acknowledgedBy"]) }
        }
    }
}
