import KeywardCore

/// Staged changes and history, read through `git`.
struct GitSource {
    /// What a staged or history scan found, with notes for people (skipped blobs).
    struct Outcome {
        var findings: [Finding] = []
        var bytes = 0
        var notes: [String] = []
    }

    let git: GitCommand
    let scanner: BufferScanner
    /// A binary blob larger than this is skipped with a note, as a file is.
    var maximumBlobSize = ScanOptions().maximumFileSize

    /// One marker line per commit: hash, author, ISO date (parsed by `DiffScanner`).
    static let logFormat = "--format=%x01KWCOMMIT%x09%H%x09%an <%ae>%x09%aI"
    /// `--no-textconv`: a textconv driver could show anything but the bytes that are
    /// committed; `--full-index`: whole blob ids, to read binary files whole.
    static let diffOptions = [
        "-U0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--full-index", "--diff-filter=ACMRT", "--src-prefix=a/",
        "--dst-prefix=b/",
    ]

    /// `git diff --cached …`: paths after `--`, so none is read as an option.
    static func stagedArguments(limitTo paths: [String]) -> [String] {
        ["diff", "--cached"] + diffOptions + ["--"] + paths
    }

    /// `git log -p …`: the revision after `--end-of-options` and before `--`, so it
    /// is never read as an option or a path.
    static func historyArguments(since: String?) -> [String] {
        ["log", "-p", logFormat] + diffOptions + ["--end-of-options", since.map { "\($0)..HEAD" } ?? "HEAD", "--"]
    }

    /// The lines that `git commit` would record: added lines of the index against HEAD.
    func scanStaged(limitTo paths: [String], accept: @escaping (String) -> Bool) throws(KeywardError) -> Outcome {
        let diff = DiffScanner(scanner: scanner, accept: accept, displayPath: { $0 })
        try git.run(Self.stagedArguments(limitTo: paths)) { diff.consume($0) }
        diff.finish()
        return try outcome(of: diff)
    }

    /// The added lines of every commit reachable from HEAD (after `since`, when given).
    func scanHistory(since: String?, accept: @escaping (String) -> Bool) throws(KeywardError) -> Outcome {
        if let since, let problem = GitRevision.problem(since) {
            throw KeywardError(.invalidRevision, problem, field: "--since")
        }
        let diff = DiffScanner(scanner: scanner, accept: accept, displayPath: { $0 })
        do {
            try git.run(Self.historyArguments(since: since)) { diff.consume($0) }
        } catch  where error.code == .gitFailed {
            // An empty repository has no HEAD: no history, no findings.
            var hasHead = true
            do { try git.run(["rev-parse", "--verify", "--quiet", "HEAD"]) { _ in } } catch { hasHead = false }
            if hasHead { throw error }
        }
        diff.finish()
        return try outcome(of: diff)
    }

    private func outcome(of diff: DiffScanner) throws(KeywardError) -> Outcome {
        var outcome = Outcome(findings: diff.findings, bytes: diff.bytesScanned)
        if !diff.binaryChanges.isEmpty { try scanBinary(diff.binaryChanges, into: &outcome) }
        return outcome
    }

    /// Scans the files that git diffed as binary, whole, from their blobs: what the
    /// change adds is what the new blob holds and the old one did not (by
    /// fingerprint). Each blob is read once, however many changes name it (in
    /// history, one change's new blob is the next one's old blob). A new blob over
    /// `maximumBlobSize` is skipped with a note; its size is asked first, so it is never read.
    private func scanBinary(_ changes: [DiffScanner.BinaryChange], into outcome: inout Outcome) throws(KeywardError) {
        let blobs = GitBlobs(git: git)
        var objects = Set<String>()
        for change in changes {
            objects.insert(change.newBlob)
            if let old = change.oldBlob { objects.insert(old) }
        }
        let sizes = try blobs.sizes(of: objects.sorted())
        // The paths each blob is scanned as (a fingerprint holds the path).
        var wanted: [String: Set<String>] = [:]
        for change in changes {
            guard let size = sizes[change.newBlob] else { continue }
            guard size <= maximumBlobSize else {
                let place = change.commit.map { " in commit \($0.hash.prefix(12))" } ?? ""
                outcome.notes.append("skipped \(change.path)\(place): \(size) bytes is over the size limit of \(maximumBlobSize) bytes")
                continue
            }
            wanted[change.newBlob, default: []].insert(change.path)
            if let old = change.oldBlob, let oldSize = sizes[old], oldSize <= maximumBlobSize {
                wanted[old, default: []].insert(change.path)
            }
        }
        let requests = wanted.keys.sorted()
        var scanned: [BlobPath: [Finding]] = [:]
        try blobs.contents(of: requests) { index, content in
            guard let content else { return }
            for path in wanted[requests[index]] ?? [] {
                scanned[BlobPath(blob: requests[index], path: path)] = scanner.findings(
                    in: content, displayPath: path, fingerprintPath: path)
            }
        }
        for change in changes {
            guard let found = scanned[BlobPath(blob: change.newBlob, path: change.path)] else { continue }
            outcome.bytes += sizes[change.newBlob] ?? 0
            let before = change.oldBlob.flatMap { scanned[BlobPath(blob: $0, path: change.path)] }.map { Set($0.map(\.fingerprint)) } ?? []
            for var finding in found where !before.contains(finding.fingerprint) {
                finding.commit = change.commit
                outcome.findings.append(finding)
            }
        }
    }

    private struct BlobPath: Hashable {
        var blob: String
        var path: String
    }
}
