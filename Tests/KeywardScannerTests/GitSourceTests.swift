import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

@Suite struct GitSourceTests {
    @Test func aSecretAddedThenRemovedIsFoundInHistoryWithItsCommit() throws {
        let repository = TestSupport.temporaryFolder()
        TestSupport.git(["init", "-q"], in: repository)
        TestSupport.write("hello\n", to: repository + "/README.md")
        TestSupport.git(["add", "."], in: repository)
        TestSupport.git(["commit", "-q", "-m", "first"], in: repository)
        let token = TestSupport.githubToken()
        TestSupport.write("line one\nline two\nGITHUB_TOKEN=\(token)\n", to: repository + "/config/app.env")
        TestSupport.git(["add", "."], in: repository)
        TestSupport.git(["commit", "-q", "-m", "add config"], in: repository)
        let leaking = TestSupport.git(["rev-parse", "HEAD"], in: repository)
        TestSupport.write("line one\nline two\n", to: repository + "/config/app.env")
        TestSupport.git(["commit", "-q", "-am", "remove token"], in: repository)

        var options = ScanOptions(source: .history(since: nil))
        options.workingDirectory = repository
        let result = try SecretScanner().scan(options)
        let finding = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        #expect(finding.rule == "github-pat")
        #expect(finding.file == "config/app.env")
        #expect(finding.line == 3)
        #expect(finding.secret == token)
        #expect(finding.commit?.hash == leaking)
        #expect(finding.commit?.author == "Ada Test <ada@example.org>")
        #expect(finding.commit?.date.isEmpty == false)

        // The working tree no longer holds it.
        var files = ScanOptions(source: .files, paths: [repository])
        files.workingDirectory = "."
        #expect(try SecretScanner().scan(files).findings.isEmpty)

        // --since the leaking commit: only later commits, none of which adds the token.
        options.source = .history(since: leaking)
        #expect(try SecretScanner().scan(options).findings.isEmpty)
    }

    @Test func stagedScansTheIndexNotTheWorkingTree() throws {
        let repository = TestSupport.temporaryFolder()
        TestSupport.git(["init", "-q"], in: repository)
        TestSupport.write("# app\n", to: repository + "/README.md")
        TestSupport.git(["add", "."], in: repository)
        TestSupport.git(["commit", "-q", "-m", "first"], in: repository)
        let staged = TestSupport.githubToken()
        let unstaged = TestSupport.githubToken(kind: "o")
        TestSupport.write("token: \(staged)\n", to: repository + "/staged.yml")
        TestSupport.git(["add", "staged.yml"], in: repository)
        TestSupport.write("token: \(unstaged)\n", to: repository + "/unstaged.yml")

        var options = ScanOptions(source: .staged)
        options.workingDirectory = repository
        let result = try SecretScanner().scan(options)
        #expect(result.findings.map(\.secret) == [staged])
        #expect(result.findings.first?.file == "staged.yml")
        #expect(result.findings.first?.commit == nil)

        // PATHs limit a staged scan.
        options.paths = ["README.md"]
        #expect(try SecretScanner().scan(options).findings.isEmpty)
    }

    @Test func historyOutsideGitIsAClearError() {
        var options = ScanOptions(source: .history(since: nil))
        options.workingDirectory = TestSupport.temporaryFolder()
        #expect(throws: KeywardError.self) { try SecretScanner().scan(options) }
        do {
            _ = try SecretScanner().scan(options)
        } catch {
            #expect(error.code == .notAGitRepository)
        }
    }

    @Test func emptyRepositoryHasNoHistoryFindings() throws {
        let repository = TestSupport.temporaryFolder()
        TestSupport.git(["init", "-q"], in: repository)
        var options = ScanOptions(source: .history(since: nil))
        options.workingDirectory = repository
        #expect(try SecretScanner().scan(options).findings.isEmpty)
    }

    @Test func hookInstallWritesAnExecutablePreCommitHook() throws {
        let repository = TestSupport.temporaryFolder()
        TestSupport.git(["init", "-q"], in: repository)
        let path = try PreCommitHook.install(in: repository, replacing: false)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("keyward scan --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: path))
        // Installing again is fine (our hook); a foreign hook is kept unless forced.
        _ = try PreCommitHook.install(in: repository, replacing: false)
        TestSupport.write("#!/bin/sh\necho mine\n", to: path)
        #expect(throws: KeywardError.self) { try PreCommitHook.install(in: repository, replacing: false) }
        _ = try PreCommitHook.install(in: repository, replacing: true)
    }
}
