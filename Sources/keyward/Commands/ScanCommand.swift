import ArgumentParser
import Foundation
import KeywardCore
import KeywardScanner

/// `keyward scan`: finds credentials in files, stdin, staged changes or git history (SPEC §10).
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find exposed credentials in files, folders, stdin, staged changes or git history.",
        discussion: "Exit codes: 0 no findings, 1 findings, 2 error. See docs/scanner.md."
    )

    @Argument(
        help: "Files or folders to scan (default: the current folder); with --staged, limits the scan to these paths; with --git, the repository.")
    var paths: [String] = []
    @Flag(help: "Scan the added lines of every commit in git history.") var git = false
    @Option(help: "With --git, only commits after this revision (a commit, tag or branch).") var since: String?
    @Flag(help: "Scan what `git commit` would record.") var staged = false
    @Flag(help: "Scan standard input.") var stdin = false
    @Option(help: "Output format: text, json or sarif.") var format: String = "text"
    @Option(help: "Write the report to this file instead of standard output.") var output: String?
    @Option(help: "Leave out findings whose fingerprints this baseline file holds.") var baseline: String?
    @Option(name: .customLong("write-baseline"), help: "Write the findings as a baseline file and exit 0.") var writeBaseline: String?
    @Flag(name: .customLong("show-secrets"), help: "Show secrets in the report instead of redacting them.") var showSecrets = false
    @Flag(name: .customLong("report-leaks"), help: "Report found Keyward keys and management tokens to the server (POST /v1/leaks).")
    var reportLeaksFlag = false
    @Flag(name: .customLong("list-keywords"), help: .hidden) var listKeywords = false
    @Option(name: .customLong("max-file-size"), help: "Skip files larger than this many bytes.") var maxFileSize: Int = 10 * 1024 * 1024
    @Flag(name: .customLong("include-ignored"), help: "In a git work tree, also scan what .gitignore excludes.") var includeIgnored = false
    @Option(name: .customLong("min-confidence"), help: "Report only findings of at least this confidence: low (default), medium or high.")
    var minConfidence: String = "low"
    @Flag(
        name: .customLong("ignore-tests"),
        help: "Report findings under test, fixture, example and benchmark paths but leave them out of the exit code.")
    var ignoreTests = false
    @OptionGroup(title: "Server (for --report-leaks)") var server: ServerOptions

    func validate() throws {
        guard ReportFormat(rawValue: format) != nil else { throw ValidationError("--format must be text, json or sarif") }
        guard Confidence(rawValue: minConfidence) != nil else { throw ValidationError("--min-confidence must be low, medium or high") }
        if [git, staged, stdin].filter({ $0 }).count > 1 { throw ValidationError("choose one of --git, --staged and --stdin") }
        if since != nil && !git { throw ValidationError("--since needs --git") }
        if let since, let problem = GitRevision.problem(since) { throw ValidationError(problem) }
        if stdin && !paths.isEmpty { throw ValidationError("--stdin takes no paths") }
        if git && paths.count > 1 { throw ValidationError("--git takes at most one path: the repository folder") }
    }

    func run() async throws {
        if listKeywords {
            print(RuleCatalog.keywords.joined(separator: "\n"))
            return
        }
        var options = ScanOptions(source: source, paths: paths)
        options.baselinePath = baseline
        options.maximumFileSize = maxFileSize
        options.respectsGitIgnore = !includeIgnored
        options.minimumConfidence = Confidence(rawValue: minConfidence) ?? .low
        options.showProgress = isatty(STDERR_FILENO) == 1
        if git, let repository = paths.first {
            options.workingDirectory = repository
            options.paths = []
        }
        let fromHook = staged && PreCommitHook.isRunningFromHook(ProcessInfo.processInfo.environment)
        let result: ScanResult
        do {
            result = try SecretScanner().scan(options)
        } catch {
            throw CLIFailure(message: "error: \(error)" + (fromHook ? "\n" + PreCommitHook.failedMessage : ""), exitCode: CLIExit.usage)
        }
        for note in result.notes { Console.error("note: \(note)") }
        if let writeBaseline {
            do {
                try Baseline(findings: result.findings).write(to: writeBaseline)
            } catch {
                throw CLIFailure(message: "error: \(error)", exitCode: CLIExit.usage)
            }
            Console.error("wrote \(result.findings.count) findings to \(writeBaseline)")
            return
        }
        let report = (ReportFormat(rawValue: format) ?? .text).render(result.findings, showSecrets: showSecrets)
        if let output {
            do {
                try ReportFile.write(report, to: output, privateOnly: showSecrets)
            } catch {
                throw CLIFailure(message: "error: \(error)", exitCode: CLIExit.usage)
            }
        } else {
            Console.write(report)
        }
        // With --ignore-tests, findings under test paths are reported but do not fail the scan.
        let blocking = ignoreTests ? result.findings.filter { $0.context != .test } : result.findings
        if fromHook && !blocking.isEmpty { Console.error(PreCommitHook.blockedMessage(for: blocking)) }
        if reportLeaksFlag { try await sendLeaks(result.findings) }
        if !blocking.isEmpty { throw ExitCode(1) }
    }

    private var source: ScanOptions.Source {
        if stdin { return .stdin }
        if staged { return .staged }
        if git { return .history(since: since) }
        return .files
    }

    /// Sends the Keyward keys and management tokens found to `POST /v1/leaks`,
    /// which revokes them, and says on standard error what the server did. Only a
    /// key that passed its checksum is sent; a failure to report is exit 3 (SPEC §6).
    private func sendLeaks(_ findings: [Finding]) async throws {
        let keys = LeakReportSummary.keys(in: findings)
        let secrets = LeakReportSummary.secrets(in: findings)
        guard !keys.isEmpty || !secrets.isEmpty else { return }
        let client = try server.client(printsJSON: false)
        var summary = LeakReportSummary()
        for group in secrets {
            for batch in LeakReportSummary.batches(group.values) {
                let body = JSONValue.object(["secrets": .array(batch.map(JSONValue.string)), "source": .string(group.source)])
                summary.add(answer: try await client.send(.POST, "/v1/leaks", body: body).object)
                summary.secrets += batch.count
            }
        }
        for start in stride(from: 0, to: keys.count, by: 1000) {
            let batch = Array(keys[start..<min(start + 1000, keys.count)])
            let body = JSONValue.object(["keys": .array(batch.map(JSONValue.string)), "source": .string("keyward scan")])
            let answer = try await client.send(.POST, "/v1/leaks", body: body).object
            summary.add(sent: batch)
            summary.add(answer: answer)
        }
        Console.error(summary.message(address: server.address))
    }
}
