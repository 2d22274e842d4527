import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

@Suite struct FileSourceTests {
    @Test func pathsStayAsGivenJoinedWithThePathInside() throws {
        let folder = TestSupport.temporaryFolder()
        TestSupport.write("t = \(TestSupport.githubToken())\n", to: folder + "/deep/er/x.env")
        var options = ScanOptions(source: .files, paths: ["deep"])
        options.workingDirectory = folder
        let result = try SecretScanner().scan(options)
        #expect(result.findings.map(\.file) == ["deep/er/x.env"])
        #expect(result.findings.first?.column == 5)
    }

    @Test func gitIgnoredFilesAreLeftOutUnlessTrackedOrAskedFor() throws {
        let repository = TestSupport.temporaryFolder()
        _ = TestSupport.git(["init", "-q"], in: repository)
        let line = "t = \(TestSupport.githubToken())\n"
        TestSupport.write("node_modules/\n*.log\n", to: repository + "/.gitignore")
        for file in ["node_modules/pkg/index.js", "debug.log", "tracked.log", "src/app.js"] {
            TestSupport.write(line, to: repository + "/" + file)
        }
        _ = TestSupport.git(["add", "-f", "tracked.log"], in: repository)
        var options = ScanOptions(source: .files, paths: ["."])
        options.workingDirectory = repository
        let result = try SecretScanner().scan(options)
        // Tracked files are in the repository whatever .gitignore says; ignored output is not.
        #expect(Set(result.findings.map(\.file)) == ["./src/app.js", "./tracked.log"])
        #expect(result.notes.contains { $0.contains("--include-ignored") })

        options.respectsGitIgnore = false
        let everything = try SecretScanner().scan(options)
        #expect(everything.findings.count == 4)

        // Outside a git work tree nothing is left out.
        let plain = TestSupport.temporaryFolder()
        TestSupport.write("node_modules/\n", to: plain + "/.gitignore")
        TestSupport.write(line, to: plain + "/node_modules/pkg/index.js")
        #expect(try SecretScanner().scan(ScanOptions(source: .files, paths: [plain])).findings.count == 1)
    }

    @Test func binaryFilesAreSkippedAndLargeFilesNoted() throws {
        let folder = TestSupport.temporaryFolder()
        let token = TestSupport.githubToken()
        try Data([0, 1, 2] + Array("t = \(token)".utf8)).write(to: URL(fileURLWithPath: folder + "/blob.bin"))
        TestSupport.write(String(repeating: "x", count: 2048) + " t = \(token)\n", to: folder + "/big.txt")
        var options = ScanOptions(source: .files, paths: [folder])
        options.maximumFileSize = 1024
        let result = try SecretScanner().scan(options)
        #expect(result.findings.isEmpty)
        #expect(result.notes.count == 1)
        #expect(result.notes.first?.contains("big.txt") == true)
        #expect(result.notes.first?.contains(token) == false)
    }

    @Test func invalidUTF8AndHugeLinesDoNotStopTheScan() throws {
        let folder = TestSupport.temporaryFolder()
        let token = TestSupport.githubToken()
        var bytes: [UInt8] = [0xFF, 0xFE, 0xC3, 0x28]
        bytes += Array(repeating: UInt8(ascii: "a"), count: 3_000_000)
        bytes += Array(" \(token) ".utf8) + [0xE2, 0x82]
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/weird.txt"))
        let result = try SecretScanner().scan(ScanOptions(source: .files, paths: [folder]))
        #expect(result.findings.map(\.secret) == [token])
    }

    @Test func symbolicLinksAreNotFollowed() throws {
        let outside = TestSupport.temporaryFolder()
        TestSupport.write("t = \(TestSupport.githubToken())\n", to: outside + "/secret.env")
        let folder = TestSupport.temporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: outside)
        let result = try SecretScanner().scan(ScanOptions(source: .files, paths: [folder]))
        #expect(result.findings.isEmpty)
    }

    @Test func aMissingPathIsAClearError() {
        do {
            _ = try SecretScanner().scan(ScanOptions(source: .files, paths: ["/no/such/place"]))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .scanPathNotFound)
            #expect(error.message.contains("/no/such/place"))
        }
    }

    @Test func standardInputIsScanned() throws {
        let token = TestSupport.githubToken()
        let result = try SecretScanner().scan(ScanOptions(source: .stdin), standardInput: { Data("x\n\(token)\n".utf8) })
        #expect(result.findings.map(\.file) == ["<stdin>"])
        #expect(result.findings.first?.line == 2)
    }

    @Test func privateKeysSpanningLinesAreFoundOnce() throws {
        let block = PrivateKeyBlock.sample("RSA PRIVATE")
        let found = TestSupport.detector.detect(in: "x\n" + block + "\ny\n")
        #expect(found.map(\.rule.id) == ["private-key"])
        // As a JSON string with escaped newlines (service-account files).
        let escaped = "{\"private_key\": \"" + block.split(separator: "\n").joined(separator: "\\n") + "\\n\"}"
        #expect(TestSupport.detector.detect(in: escaped).map(\.rule.id) == ["private-key"])
    }
}
