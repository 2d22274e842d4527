import KeywardCore

/// Staged changes and history, read through `git`.
struct GitSource {
    let git: GitCommand
    let scanner: BufferScanner

    /// One marker line per commit: hash, author, ISO date (parsed by `DiffScanner`).
    static let logFormat = "--format=%x01KWCOMMIT%x09%H%x09%an <%ae>%x09%aI"
    static let diffOptions = ["-U0", "--no-color", "--no-ext-diff", "--no-renames", "--diff-filter=ACMRT", "--src-prefix=a/", "--dst-prefix=b/"]

    /// The lines that `git commit` would record: added lines of the index against HEAD.
    func scanStaged(limitTo paths: [String], accept: @escaping (String) -> Bool) throws(KeywardError) -> (findings: [Finding], bytes: Int) {
        let diff = DiffScanner(scanner: scanner, accept: accept, displayPath: { $0 })
        var arguments = ["diff", "--cached"] + Self.diffOptions
        if !paths.isEmpty { arguments += ["--"] + paths }
        try git.run(arguments) { diff.consume($0) }
        diff.finish()
        return (diff.findings, diff.bytesScanned)
    }

    /// The added lines of every commit reachable from HEAD (after `since`, when given).
    func scanHistory(since: String?, accept: @escaping (String) -> Bool) throws(KeywardError) -> (findings: [Finding], bytes: Int) {
        let diff = DiffScanner(scanner: scanner, accept: accept, displayPath: { $0 })
        var arguments = ["log", "-p", Self.logFormat] + Self.diffOptions
        if let since { arguments.append("\(since)..HEAD") }
        do {
            try git.run(arguments) { diff.consume($0) }
        } catch  where error.code == .gitFailed {
            // An empty repository has no HEAD: no history, no findings.
            var hasHead = true
            do { try git.run(["rev-parse", "--verify", "--quiet", "HEAD"]) { _ in } } catch { hasHead = false }
            if hasHead { throw error }
        }
        diff.finish()
        return (diff.findings, diff.bytesScanned)
    }
}
