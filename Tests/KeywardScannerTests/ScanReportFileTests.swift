import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

/// `scan --output F`: the report file is private (0600) and an existing file's
/// permissions are never widened.
@Suite struct ScanReportFileTests {
    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o7777
    }

    @Test(arguments: [false, true])
    func aNewReportFileIsPrivate(privateOnly: Bool) throws {
        let path = TestSupport.temporaryFolder() + "/report.json"
        try ReportFile.write("[]\n", to: path, privateOnly: privateOnly)
        #expect(try Self.mode(of: path) == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "[]\n")
    }

    @Test func anExistingFileIsReplacedNeverWidenedAndMadePrivateForSecrets() throws {
        let path = TestSupport.temporaryFolder() + "/report.txt"
        TestSupport.write(String(repeating: "old report\n", count: 100), to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try ReportFile.write("new\n", to: path, privateOnly: false)
        #expect(try Self.mode(of: path) == 0o640)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")

        try ReportFile.write("secret\n", to: path, privateOnly: true)
        #expect(try Self.mode(of: path) == 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o660], ofItemAtPath: path)
        try ReportFile.write("again\n", to: path, privateOnly: true)
        #expect(try Self.mode(of: path) == 0o600)
    }

    @Test func aReportThatCannotBeWrittenIsAClearError() {
        let path = TestSupport.temporaryFolder() + "/missing/report.txt"
        var thrown: KeywardError?
        do { try ReportFile.write("x", to: path, privateOnly: true) } catch { thrown = error }
        #expect(thrown?.code == .outputFailed)
        #expect(thrown?.message.contains(path) == true)
    }
}
