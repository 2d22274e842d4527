import Foundation
import KeywardTesting
import Testing

/// `keyward webhook` through the binary, against a real server.
@Suite("CLI webhooks", .serialized)
struct WebhookCommandTests {
    @Test("webhook add prints the secret once, list never; a metadata URL is refused naming url; remove deletes it")
    func addListRemove() async throws {
        let folder = try TemporaryFolder("keyward-cli-webhooks")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let refused = try server.cli(["webhook", "add", "http://169.254.169.254/latest/meta-data/"])
        #expect(refused.status == 2, "a 400 is bad input: \(refused)")
        #expect(refused.stderr.contains("url") && refused.stderr.contains("link-local"), "\(refused)")
        #expect(try server.cli(["webhook", "add", "http://127.0.0.1:9/hook", "--events", "key.stolen"]).status == 2)

        let added = try server.cli(["webhook", "add", "http://127.0.0.1:9/hook", "--events", "key.leaked,key.revoked_use", "--json"])
        #expect(added.status == 0, "\(added)")
        let id = try #require(added.json["id"] as? String)
        let secret = try #require(added.json["secret"] as? String)
        #expect(secret.hasPrefix("whsec_"))
        let human = try server.cli(["webhook", "add", "https://hooks.example.com/x"])
        #expect(human.stdout.contains("shown once"), "\(human)")
        let list = try server.cli(["webhook", "list"])
        #expect(list.status == 0 && list.stdout.contains(id), "\(list)")
        #expect(!list.stdout.contains("whsec_"), "a list shows a secret")
        let deliveries = try server.cli(["webhook", "deliveries", id])
        #expect(deliveries.status == 0, "\(deliveries)")
        #expect(try server.cli(["webhook", "remove", id]).status == 0)
        #expect(try server.cli(["webhook", "remove", id]).status == 1)
        #expect(!(try server.cli(["webhook", "list"]).stdout.contains(id)))
    }
}
