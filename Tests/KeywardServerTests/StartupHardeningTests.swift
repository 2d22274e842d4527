import Foundation
import KeywardCore
import KeywardServer
import KeywardStore
import KeywardTesting
import NIOCore
import NIOPosix
import SQLiteNIO
import Testing

@Suite("Starting safely")
struct StartupHardeningTests {
    func configuration(_ folder: TemporaryFolder, port: Int = 0) -> ServerConfiguration {
        var configuration = ServerConfiguration(tokenFile: folder.file("home/token"))
        configuration.databasePath = folder.file("data/keyward.db")
        configuration.port = port
        return configuration
    }

    @Test("a start whose port is taken creates no database, key file or token")
    func portInUseCreatesNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let taken = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(taken.localAddress?.port)
        do {
            _ = try await KeywardApplication.build(configuration: configuration(folder, port: port), logger: CapturedLogs().logger())
            Issue.record("the start succeeded on a taken port")
        } catch let error as KeywardError {
            #expect(error.code == .addressInUse)
        }
        try await taken.close()
        #expect(!FileManager.default.fileExists(atPath: folder.file("data")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("home/token")))
    }

    @Test("a second server on the same SQLite file is refused with a clear message")
    func secondServerRefused() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        do {
            _ = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
            Issue.record("a second server opened the store")
        } catch let error as KeywardError {
            #expect(error.code == .storeInUse)
            #expect(error.message.contains("another Keyward server"))
        }
        try await first.engine.store.close()
        let again = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        try await again.engine.store.close()
    }

    @Test("a store whose key hierarchy rows were deleted is refused, never given a new master key")
    func deletedHierarchyRefused() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        try await first.engine.store.close()
        let keyFile = folder.file("data/keyward.key")
        let keyBefore = try String(contentsOfFile: keyFile, encoding: .utf8)
        let connection = try await SQLiteConnection.open(storage: .file(path: folder.file("data/keyward.db")))
        _ = try await connection.query("DELETE FROM system_values")
        try await connection.close()
        do {
            _ = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
            Issue.record("the store was opened without its hierarchy")
        } catch let error as KeywardError {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("key hierarchy"))
        }
        #expect(try String(contentsOfFile: keyFile, encoding: .utf8) == keyBefore)
    }

    @Test("when the token file cannot be written, no root token is stored and the next start makes one")
    func tokenFileFailure() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A file where the token's folder should be: the write fails.
        FileManager.default.createFile(atPath: folder.file("home"), contents: Data("x".utf8))
        do {
            _ = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
            Issue.record("the start succeeded without a token file")
        } catch {}
        let store = try await SQLiteStore.open(path: folder.file("data/keyward.db"))
        #expect(try await store.tokenCount() == 0)
        try await store.close()
        try FileManager.default.removeItem(atPath: folder.file("home"))
        let second = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        #expect(second.rootToken != nil)
        try await second.engine.store.close()
    }

    @Test("the data folder is created with mode 0700")
    func dataFolderMode() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let built = try await KeywardApplication.build(configuration: configuration(folder), logger: CapturedLogs().logger())
        try await built.engine.store.close()
        let mode = try FileManager.default.attributesOfItem(atPath: folder.file("data"))[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
