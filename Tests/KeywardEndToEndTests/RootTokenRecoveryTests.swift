import Foundation
import KeywardTesting
import Testing

@Suite("keyward root-token", .serialized)
struct RootTokenRecoveryTests {
    @Test("an operator locked out mints a new root token from the store and its key; never while the server runs")
    func recover() async throws {
        let folder = try TemporaryFolder("keyward-root-token")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        defer { server.stop() }
        try await server.start()
        let oldRoot = server.rootToken
        let arguments = ["root-token", "--db", folder.file("keyward.db")]

        let whileRunning = try KeywardBinary.run(arguments, environment: server.environment)
        #expect(whileRunning.status == 3)
        #expect(whileRunning.stderr.contains("another Keyward server"))

        server.stop()
        let recovered = try KeywardBinary.run(arguments, environment: server.environment)
        #expect(recovered.status == 0, "\(recovered.stderr)")
        let newRoot = server.rootToken
        #expect(newRoot != oldRoot)
        #expect(newRoot.hasPrefix("kwm_"))
        let printed = recovered.stdout + recovered.stderr
        let leaked = printed.contains(newRoot)
        #expect(!leaked, "the new token was printed")
        #expect(printed.contains(String(newRoot.prefix(8))))

        try await server.start()
        #expect(try server.cli(["token", "list"]).status == 0)
    }

    @Test("root-token refuses a store that does not exist")
    func noStore() throws {
        let folder = try TemporaryFolder("keyward-root-token")
        defer { folder.remove() }
        let result = try KeywardBinary.run(["root-token", "--db", folder.file("none.db")], environment: ["KEYWARD_HOME": folder.file("home")])
        #expect(result.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.file("none.db")))
    }
}
