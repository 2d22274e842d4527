import Foundation
import KeywardCore
import KeywardTesting
import KeywardVault
import Testing

@Suite("Finding the master key (SPEC §2)")
struct MasterKeySourceTests {
    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static func chmod(_ path: String, _ mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test("the environment variable takes precedence over the key file")
    func environmentFirst() throws {
        let folder = try TemporaryFolder("keyward-env")
        defer { folder.remove() }
        let fileKey = MasterKey.generate()
        try KeyFile.writeNew(path: folder.file("keyward.key"), contents: fileKey.base64 + "\n")
        let envKey = MasterKey.generate()
        let loaded = try MasterKeySource(environmentValue: envKey.base64, keyFile: folder.file("keyward.key")).load(storeIsEmpty: false)
        #expect(loaded.masterKey.base64 == envKey.base64)
        #expect(!loaded.created)
        #expect(loaded.warnings.isEmpty)
        let missing = try MasterKeySource(environmentValue: envKey.base64, keyFile: folder.file("absent.key")).load(storeIsEmpty: true)
        #expect(missing.masterKey.base64 == envKey.base64)
        #expect(!FileManager.default.fileExists(atPath: folder.file("absent.key")))
    }

    @Test("a bad environment value names the variable, never the value")
    func badEnvironment() throws {
        let folder = try TemporaryFolder("keyward-env")
        defer { folder.remove() }
        for value in ["not-base64-secretvalue!", Data([UInt8](repeating: 9, count: 16)).base64EncodedString()] {
            do {
                _ = try MasterKeySource(environmentValue: value, keyFile: folder.file("k")).load(storeIsEmpty: true)
                Issue.record("accepted")
            } catch {
                #expect(error.code == .masterKey)
                #expect(error.message.contains("KEYWARD_MASTER_KEY"))
                #expect(!error.description.contains(value))
            }
        }
    }

    @Test("an empty environment value falls back to the key file")
    func emptyEnvironment() throws {
        let folder = try TemporaryFolder("keyward-env")
        defer { folder.remove() }
        let loaded = try MasterKeySource(environmentValue: "", keyFile: folder.file("keyward.key")).load(storeIsEmpty: true)
        #expect(loaded.created)
    }

    @Test("a missing key file is created with mode 0600 for an empty store, and read back later")
    func createdForEmptyStore() throws {
        let folder = try TemporaryFolder("keyward-create")
        defer { folder.remove() }
        let path = folder.file("sub/dir/keyward.key")
        let source = MasterKeySource(environmentValue: nil, keyFile: path)
        let first = try source.load(storeIsEmpty: true)
        #expect(first.created)
        #expect(try Self.mode(of: path) == 0o600)
        #expect(try Self.mode(of: folder.file("sub/dir")) == 0o700)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == first.masterKey.base64 + "\n")
        #expect(Data(base64Encoded: text.trimmingCharacters(in: .newlines))?.count == 32)
        let second = try source.load(storeIsEmpty: false)
        #expect(!second.created)
        #expect(second.masterKey.base64 == first.masterKey.base64)
    }

    @Test("a missing key file for a store with data is refused, never re-keyed")
    func refusedForFullStore() throws {
        let folder = try TemporaryFolder("keyward-refuse")
        defer { folder.remove() }
        let path = folder.file("keyward.key")
        do {
            _ = try MasterKeySource(environmentValue: nil, keyFile: path).load(storeIsEmpty: false)
            Issue.record("a store with data was re-keyed")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains("missing"))
            #expect(error.message.contains(path))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a key file readable by group or others is refused with chmod 600 advice", arguments: [0o644, 0o640, 0o604, 0o660, 0o606, 0o700])
    func groupReadable(mode: Int) throws {
        let folder = try TemporaryFolder("keyward-mode")
        defer { folder.remove() }
        let path = folder.file("keyward.key")
        let key = MasterKey.generate()
        try KeyFile.writeNew(path: path, contents: key.base64 + "\n")
        try Self.chmod(path, mode)
        let source = MasterKeySource(environmentValue: nil, keyFile: path)
        if mode & 0o077 == 0 {
            #expect(try source.load(storeIsEmpty: false).masterKey.base64 == key.base64)
            return
        }
        do {
            _ = try source.load(storeIsEmpty: false)
            Issue.record("a key file with mode \(String(mode, radix: 8)) was accepted")
        } catch {
            #expect(error.code == .configuration)
            #expect(error.message.contains("chmod 600"))
            #expect(error.message.contains(String(mode, radix: 8)))
            #expect(!error.description.contains(key.base64))
        }
    }

    @Test("a key file with junk names the file, never its contents")
    func junkFile() throws {
        let folder = try TemporaryFolder("keyward-junk")
        defer { folder.remove() }
        let path = folder.file("keyward.key")
        let junk = "this-is-not-a-key-but-secret-anyway"
        try KeyFile.writeNew(path: path, contents: junk)
        do {
            _ = try MasterKeySource(environmentValue: nil, keyFile: path).load(storeIsEmpty: false)
            Issue.record("accepted junk")
        } catch {
            #expect(error.code == .masterKey)
            #expect(error.message.contains(path))
            #expect(!error.description.contains(junk))
        }
    }

    @Test("a key file inside a git work tree gives a warning; outside none")
    func gitWorkTree() throws {
        let folder = try TemporaryFolder("keyward-git")
        defer { folder.remove() }
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "init", "--quiet", folder.path]
        try spawn(git)
        git.waitUntilExit()
        try #require(git.terminationStatus == 0)
        let path = folder.file("config/keyward.key")
        let loaded = try MasterKeySource(environmentValue: nil, keyFile: path).load(storeIsEmpty: true)
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.contains("git work tree") == true)
        #expect(loaded.warnings.first?.contains(loaded.masterKey.base64) == false)
        let again = try MasterKeySource(environmentValue: nil, keyFile: path).load(storeIsEmpty: false)
        #expect(again.warnings.count == 1)

        let outside = try TemporaryFolder("keyward-nogit")
        defer { outside.remove() }
        #expect(try MasterKeySource(environmentValue: nil, keyFile: outside.file("keyward.key")).load(storeIsEmpty: true).warnings.isEmpty)
    }
}
