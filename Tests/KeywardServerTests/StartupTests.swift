import Foundation
import KeywardCore
import KeywardServer
import KeywardTesting
import KeywardVault
import Testing

@Suite("First start and restarts")
struct StartupTests {
    func configuration(_ folder: TemporaryFolder) -> ServerConfiguration {
        var configuration = ServerConfiguration(tokenFile: folder.file("home/token"))
        configuration.databasePath = folder.file("keyward.db")
        configuration.port = 0
        return configuration
    }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test("the first start writes the master key and the root token with mode 0600 and prints only the token's start")
    func firstStart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let built = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        defer { Task { try? await built.engine.store.close() } }
        let root = try #require(built.rootToken)
        #expect(try mode(folder.file("keyward.key")) == 0o600)
        #expect(try mode(folder.file("home/token")) == 0o600)
        #expect(try String(contentsOfFile: folder.file("home/token"), encoding: .utf8) == root.secret + "\n")
        let notes = built.startupNotes.joined(separator: "\n")
        #expect(notes.contains(root.start))
        #expect(!notes.contains(root.secret))
        #expect(notes.contains(folder.file("home/token")))
    }

    @Test("--print-root-token prints it once")
    func printRootToken() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var configuration = configuration(folder)
        configuration.printRootToken = true
        let built = try await KeywardApplication.build(configuration: configuration, logger: CapturedLogs().logger())
        defer { Task { try? await built.engine.store.close() } }
        let root = try #require(built.rootToken)
        #expect(built.startupNotes.filter { $0.contains(root.secret) }.count == 1)
    }

    @Test("a restart keeps the keyring and pepper: old tokens work and no new root token is made")
    func restart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        let root = try #require(first.rootToken)
        try await first.engine.store.close()

        let second = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        defer { Task { try? await second.engine.store.close() } }
        #expect(second.rootToken == nil)
        #expect(second.startupNotes.isEmpty)
        try await second.application.test(.router) { client in
            let response = try await client.execute(uri: "/v1/keys", method: .get, headers: [.authorization: "Bearer \(root.secret)"])
            #expect(response.status == .ok)
        }
    }

    @Test("a store with data and no key file is refused, never re-keyed")
    func missingKeyFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        try await first.engine.store.close()
        try FileManager.default.removeItem(atPath: folder.file("keyward.key"))
        await #expect(throws: KeywardError.self) {
            _ = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("keyward.key")), "a new key file was made for a store with data")
    }

    @Test("a wrong master key is a clear MASTER_KEY error that does not show either key")
    func wrongMasterKey() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        try await first.engine.store.close()
        var configuration = configuration(folder)
        let wrong = MasterKey.generate().base64
        configuration.masterKeyEnvironment = wrong
        do {
            _ = try await KeywardApplication.build(configuration: configuration, logger: CapturedLogs().logger())
            Issue.record("a wrong master key opened the store")
        } catch let error as KeywardError {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("wrong master key"))
            #expect(!error.description.contains(wrong))
        }
    }

    @Test("a key file readable by group or others is refused")
    func looseKeyFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        try await first.engine.store.close()
        for loose in [0o640, 0o604, 0o644] {
            try FileManager.default.setAttributes([.posixPermissions: loose], ofItemAtPath: folder.file("keyward.key"))
            do {
                _ = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
                Issue.record("mode \(String(loose, radix: 8)) was accepted")
            } catch let error as KeywardError {
                #expect(error.message.contains("chmod 600"))
            }
        }
    }

    @Test("KEYWARD_MASTER_KEY replaces the key file")
    func environmentKey() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var configuration = configuration(folder)
        configuration.masterKeyEnvironment = MasterKey.generate().base64
        let built = try await KeywardApplication.build(configuration: configuration, logger: CapturedLogs().logger())
        try await built.engine.store.close()
        #expect(!FileManager.default.fileExists(atPath: folder.file("keyward.key")))
        let again = try await KeywardApplication.build(configuration: configuration, logger: CapturedLogs().logger())
        try await again.engine.store.close()
    }

    @Test("binding beyond loopback needs TLS or --allow-plaintext; TLS needs both files")
    func bindRules() throws {
        var configuration = ServerConfiguration(tokenFile: "/tmp/unused")
        for host in ["127.0.0.1", "localhost", "::1", "127.0.0.2"] {
            configuration.host = host
            #expect(throws: Never.self) { try configuration.validate() }
        }
        for host in ["0.0.0.0", "::", "192.0.2.10"] {
            configuration.host = host
            #expect(throws: KeywardError.self) { try configuration.validate() }
        }
        configuration.allowPlaintext = true
        #expect(throws: Never.self) { try configuration.validate() }
        configuration.tlsCertificateFile = "cert.pem"
        #expect(throws: KeywardError.self) { try configuration.validate() }
    }
}
