import Foundation
import KeywardCore
import KeywardTesting
import KeywardVault
import Testing

@Suite("Key files")
struct KeyFileTests {
    @Test("writeNew creates mode 0600 and refuses an existing file unless replacing")
    func writeNew() throws {
        let folder = try TemporaryFolder("keyward-keyfile")
        defer { folder.remove() }
        let path = folder.file("token")
        try KeyFile.writeNew(path: path, contents: "first")
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
        #expect(throws: KeywardError.self) { try KeyFile.writeNew(path: path, contents: "second") }
        #expect(try KeyFile.read(path: path, what: "token file") == "first")
        try KeyFile.writeNew(path: path, contents: "second", replacing: true)
        #expect(try KeyFile.read(path: path, what: "token file") == "second")
        try KeyFile.requirePrivate(path: path, what: "token file")
    }

    @Test("requirePrivate and read of a missing file name it")
    func missing() throws {
        let folder = try TemporaryFolder("keyward-keyfile")
        defer { folder.remove() }
        let path = folder.file("absent")
        do {
            try KeyFile.requirePrivate(path: path, what: "token file")
            Issue.record("a missing file passed")
        } catch {
            #expect(error.message.contains(path))
        }
        #expect(throws: KeywardError.self) { try KeyFile.read(path: path, what: "token file") }
    }
}
