import Foundation
import KeywardCore

/// The scanner's one entry point: runs a scan as `ScanOptions` describe and
/// returns the findings that survive suppression.
public struct SecretScanner: Sendable {
    public let detector: Detector

    public init(detector: Detector = Detector()) {
        self.detector = detector
    }

    public func scan(_ options: ScanOptions, standardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }) throws(KeywardError)
        -> ScanResult
    {
        var result = ScanResult(findings: [], notes: [], filesScanned: 0, bytesScanned: 0, suppressed: 0)
        var ignore = IgnoreList()
        let scanner = BufferScanner(detector: detector)
        switch options.source {
        case .stdin:
            var data = standardInput()
            result.bytesScanned = data.count
            result.filesScanned = 1
            result.findings = data.withUnsafeMutableBytes { raw in
                scanner.findings(in: ScanBytes(raw.bindMemory(to: UInt8.self)), displayPath: "<stdin>", fingerprintPath: "<stdin>")
            }
        case .staged, .history:
            let git = GitCommand(workingDirectory: options.workingDirectory)
            let top = try git.topLevel()
            ignore = Self.loadIgnore(in: top)
            var source = GitSource(git: git, scanner: scanner)
            source.maximumBlobSize = options.maximumFileSize
            let accept: (String) -> Bool = { [ignore] path in !ignore.ignores(path: path) && !Self.ignoresInAnyParent(ignore, path) }
            let found: GitSource.Outcome
            if case .history(let since) = options.source {
                found = try source.scanHistory(since: since, accept: accept)
            } else {
                found = try source.scanStaged(limitTo: options.paths, accept: accept)
            }
            result.findings = found.findings
            result.bytesScanned = found.bytes
            result.notes = found.notes
        case .files:
            let files = FileScan(
                scanner: scanner, maximumFileSize: options.maximumFileSize, respectsGitIgnore: options.respectsGitIgnore,
                progress: Progress(enabled: options.showProgress))
            for path in options.paths.isEmpty ? ["."] : options.paths {
                try files.scan(path, workingDirectory: options.workingDirectory, ignore: &ignore)
            }
            files.progress.finish()
            result.findings = files.findings
            result.notes = files.notes
            result.filesScanned = files.filesScanned
            result.bytesScanned = files.bytesScanned
        }
        var suppressedFingerprints = ignore.fingerprints
        if let baselinePath = options.baselinePath {
            suppressedFingerprints.formUnion(try Baseline.load(from: Self.resolve(baselinePath, in: options.workingDirectory)).fingerprints)
        }
        let before = result.findings.count
        result.findings.removeAll { suppressedFingerprints.contains($0.fingerprint) }
        result.suppressed = before - result.findings.count
        // Below the chosen confidence: not reported, and not counted as suppressed.
        result.findings.removeAll { $0.confidence < options.minimumConfidence }
        return result
    }

    /// `.keywardignore` of `folder`, or an empty list.
    static func loadIgnore(in folder: String) -> IgnoreList {
        guard let data = FileManager.default.contents(atPath: PathJoin.join(folder, ".keywardignore")) else { return IgnoreList() }
        return IgnoreList(text: String(decoding: data, as: UTF8.self))
    }

    /// Whether a folder on the way to `path` is ignored (git gives whole paths).
    static func ignoresInAnyParent(_ ignore: IgnoreList, _ path: String) -> Bool {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += component + "/"
            if ignore.ignores(path: prefix) { return true }
        }
        return false
    }

    static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") || folder == "." ? path : PathJoin.join(folder, path)
    }
}
