import Foundation
import KeywardCore
import Testing

@testable import KeywardScanner

/// Files that git diffs as binary (`-diff` in `.gitattributes`, a NUL byte) are
/// still scanned in staged changes and history, read whole from their blobs.
@Suite struct ScanGitBinaryTests {
    /// A repository with a first commit holding `files`.
    static func repository(_ files: [String: String] = ["README.md": "# app\n"]) -> String {
        let repository = TestSupport.temporaryFolder()
        TestSupport.git(["init", "-q"], in: repository)
        for (name, text) in files { TestSupport.write(text, to: repository + "/" + name) }
        TestSupport.git(["add", "."], in: repository)
        TestSupport.git(["commit", "-q", "-m", "first"], in: repository)
        return repository
    }

    static func scan(_ source: ScanOptions.Source, in repository: String, maximumSize: Int? = nil) throws -> ScanResult {
        var options = ScanOptions(source: source)
        options.workingDirectory = repository
        if let maximumSize { options.maximumFileSize = maximumSize }
        return try SecretScanner().scan(options)
    }

    @Test func stagedFindsAKeyInAFileThatGitattributesMarksBinary() throws {
        let repository = Self.repository([".gitattributes": "* -diff\n"])
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        TestSupport.write("# settings\nAPI_KEY=\(key)\n", to: repository + "/settings.env")
        TestSupport.git(["add", "settings.env"], in: repository)
        #expect(TestSupport.git(["diff", "--cached", "--", "settings.env"], in: repository).contains("Binary files"))

        let findings = try Self.scan(.staged, in: repository).findings
        #expect(findings.map(\.secret) == [key])
        #expect(findings.first?.file == "settings.env")
        #expect(findings.first?.line == 2)
        #expect(findings.first?.rule == "keyward-key")
    }

    @Test func stagedFindsAKeyInAFileWithANulByte() throws {
        let repository = Self.repository()
        let token = TestSupport.githubToken()
        TestSupport.write("\u{0}\u{1}header\nGITHUB_TOKEN=\(token)\n", to: repository + "/data/blob.bin")
        TestSupport.git(["add", "."], in: repository)

        let findings = try Self.scan(.staged, in: repository).findings
        #expect(findings.map(\.secret) == [token])
        #expect(findings.first?.file == "data/blob.bin")
        #expect(findings.first?.line == 2)
        // PATHs still limit the scan, and .keywardignore still applies.
        var options = ScanOptions(source: .staged, paths: ["README.md"])
        options.workingDirectory = repository
        #expect(try SecretScanner().scan(options).findings.isEmpty)
        TestSupport.write("data/\n", to: repository + "/.keywardignore")
        #expect(try Self.scan(.staged, in: repository).findings.isEmpty)
    }

    @Test func historyReportsEachBinaryChangeWithWhatItAdded() throws {
        let repository = Self.repository([".gitattributes": "*.dat binary\n"])
        let first = TestSupport.githubToken()
        let second = TestSupport.githubToken(kind: "o")
        TestSupport.write("GITHUB_TOKEN=\(first)\n", to: repository + "/keys.dat")
        TestSupport.git(["add", "."], in: repository)
        TestSupport.git(["commit", "-q", "-m", "add keys"], in: repository)
        let adding = TestSupport.git(["rev-parse", "HEAD"], in: repository)
        TestSupport.write("GITHUB_TOKEN=\(first)\nGITHUB_OAUTH=\(second)\n", to: repository + "/keys.dat")
        TestSupport.git(["commit", "-q", "-am", "more keys"], in: repository)
        let extending = TestSupport.git(["rev-parse", "HEAD"], in: repository)

        let findings = try Self.scan(.history(since: nil), in: repository).findings
        // The second commit kept the first token: only what it added is its finding.
        #expect(findings.count == 2)
        let byCommit = Dictionary(grouping: findings) { $0.commit?.hash ?? "" }
        #expect(byCommit[adding]?.map(\.secret) == [first])
        #expect(byCommit[extending]?.map(\.secret) == [second])
        #expect(byCommit[extending]?.first?.line == 2)
        #expect(byCommit[extending]?.first?.commit?.author == "Ada Test <ada@example.org>")
        #expect(try Self.scan(.history(since: adding), in: repository).findings.map(\.secret) == [second])
    }

    @Test func aBinaryBlobOverTheSizeLimitIsSkippedWithANote() throws {
        let repository = Self.repository()
        let token = TestSupport.githubToken()
        TestSupport.write("\u{0}" + String(repeating: "x", count: 200) + "\nGITHUB_TOKEN=\(token)\n", to: repository + "/big.bin")
        TestSupport.git(["add", "."], in: repository)

        let skipped = try Self.scan(.staged, in: repository, maximumSize: 100)
        #expect(skipped.findings.isEmpty)
        #expect(skipped.notes.contains { $0.contains("big.bin") && $0.contains("over the size limit of 100 bytes") }, "\(skipped.notes)")
        #expect(try Self.scan(.staged, in: repository, maximumSize: 1000).findings.map(\.secret) == [token])

        TestSupport.git(["commit", "-q", "-m", "big"], in: repository)
        let history = try Self.scan(.history(since: nil), in: repository, maximumSize: 100)
        #expect(history.findings.isEmpty)
        #expect(history.notes.contains { $0.contains("big.bin in commit ") }, "\(history.notes)")
    }

    @Test(arguments: ["--output=keyward-leak.txt", "-p", "HEAD~1 HEAD", "main\n", "HEAD\u{1B}[2J", ""])
    func aSinceRevisionThatIsNotARevisionIsRefused(since: String) throws {
        let repository = Self.repository()
        var thrown: KeywardError?
        do {
            _ = try Self.scan(.history(since: since), in: repository)
        } catch {
            thrown = error as? KeywardError
        }
        #expect(thrown?.code == .invalidRevision)
        #expect(thrown?.field == "--since")
        #expect(thrown?.message.contains("--since") == true)
        let written = try FileManager.default.contentsOfDirectory(atPath: repository).filter { $0.hasPrefix("keyward-leak") }
        #expect(written.isEmpty, "git wrote \(written)")
    }

    @Test func gitsOptionsEndBeforeRevisionsAndPaths() {
        let history = GitSource.historyArguments(since: "v1.0")
        #expect(Array(history.suffix(3)) == ["--end-of-options", "v1.0..HEAD", "--"])
        #expect(Array(GitSource.historyArguments(since: nil).suffix(3)) == ["--end-of-options", "HEAD", "--"])
        let staged = GitSource.stagedArguments(limitTo: ["-n", "src"])
        #expect(Array(staged.suffix(3)) == ["--", "-n", "src"])
        #expect(GitRevision.problem("release/1.2^{commit}") == nil)
        #expect(GitRevision.problem("HEAD~3") == nil)
    }

    @Test func aStagedPathThatLooksLikeAnOptionIsAPath() throws {
        let repository = Self.repository()
        let token = TestSupport.githubToken()
        TestSupport.write("GITHUB_TOKEN=\(token)\n", to: repository + "/-n")
        TestSupport.git(["add", "--", "-n"], in: repository)
        var options = ScanOptions(source: .staged, paths: ["-n"])
        options.workingDirectory = repository
        #expect(try SecretScanner().scan(options).findings.map(\.secret) == [token])
    }

    @Test func diffHeadersGiveThePathAndTheBlobs() {
        #expect(DiffScanner.pathOfHeader(ArraySlice("a/x y.bin b/x y.bin".utf8)) == "x y.bin")
        #expect(DiffScanner.pathOfHeader(ArraySlice(#""a/we\tird" "b/we\tird""#.utf8)) == "we\tird")
        #expect(DiffScanner.pathOfHeader(ArraySlice(#""a/q\"\\\303\251" "b/q\"\\\303\251""#.utf8)) == "q\"\\é")
        #expect(DiffScanner.newPath(#""b/we\tird""#) == "we\tird")
        #expect(DiffScanner.newPath("b/x y.bin\t") == "x y.bin")
        let zero = String(repeating: "0", count: 40)
        let blob = String(repeating: "a", count: 40)
        let added = DiffScanner.blobs(ArraySlice("\(zero)..\(blob)".utf8))
        #expect(added?.old == nil && added?.new == blob)
        let changed = DiffScanner.blobs(ArraySlice("\(blob)..\(blob.uppercased().lowercased()) 100644".utf8))
        #expect(changed?.old == blob && changed?.new == blob)
        #expect(DiffScanner.blobs(ArraySlice("\(blob)..\(zero)".utf8)) == nil)
        #expect(DiffScanner.blobs(ArraySlice("nonsense".utf8)) == nil)
    }

    @Test func batchParserSplitsObjectsAcrossChunks() {
        var parser = BatchParser()
        var seen: [(Int, String?)] = []
        let stream = "aaa blob 5\nhe\u{0}lo\nbbb missing\nccc tree 2\nxy\nddd blob 0\n\n"
        for byte in Array(stream.utf8) {
            parser.consume(Data([byte])) { index, bytes in seen.append((index, bytes.map { String(decoding: $0, as: UTF8.self) })) }
        }
        #expect(seen.map(\.0) == [0, 1, 2, 3])
        #expect(seen.map(\.1) == ["he\u{0}lo", nil, nil, ""])
    }
}
