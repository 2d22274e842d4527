import Foundation
import KeywardCore

/// Scans files and folders given on the command line. Folders are listed first,
/// then their files are read and scanned by one worker per core, each with its
/// own reusable buffer; findings keep the listing's order.
final class FileScan {
    struct Job: Sendable {
        var path: String
        var display: String
        var fingerprintPath: String
    }

    let scanner: BufferScanner
    let progress: Progress
    let maximumFileSize: Int
    let respectsGitIgnore: Bool
    private(set) var findings: [Finding] = []
    private(set) var notes: [String] = []
    private(set) var filesScanned = 0
    private(set) var bytesScanned = 0

    init(scanner: BufferScanner, maximumFileSize: Int, respectsGitIgnore: Bool, progress: Progress) {
        self.scanner = scanner
        self.maximumFileSize = maximumFileSize
        self.respectsGitIgnore = respectsGitIgnore
        self.progress = progress
    }

    /// Scans `path` (a file or a folder), as the user wrote it.
    func scan(_ path: String, workingDirectory: String, ignore: inout IgnoreList) throws(KeywardError) {
        let location = SecretScanner.resolve(path, in: workingDirectory)
        var info = stat()
        guard stat(location, &info) == 0 else {
            throw KeywardError(.scanPathNotFound, "\(path): \(FileReader.reason(errno))", field: "PATH")
        }
        let absolute = Self.realPath(location)
        let gitRoot = Self.gitRoot(containing: absolute)
        var jobs: [Job] = []
        if (info.st_mode & S_IFMT) == S_IFDIR {
            // Paths in `.keywardignore` and fingerprints are relative to the repository root, or to this folder outside git.
            let base = gitRoot ?? absolute
            var folderIgnore = SecretScanner.loadIgnore(in: base)
            if let gitRoot, gitRoot != absolute { folderIgnore.merge(SecretScanner.loadIgnore(in: absolute)) }
            ignore.merge(folderIgnore)
            let inside = Self.relative(absolute, to: base)
            var walker = DirectoryWalker(ignore: folderIgnore.prefixed(inside), note: { [unowned self] in notes.append($0) })
            if gitRoot != nil, respectsGitIgnore { walker.gitIgnored = gitIgnoredPaths(in: absolute, shownAs: path) }
            walker.walk(location) { file, relative in
                jobs.append(Job(path: file, display: PathJoin.join(path, relative), fingerprintPath: PathJoin.join(inside, relative)))
            }
        } else {
            let fingerprintPath = gitRoot.map { Self.relative(absolute, to: $0) } ?? URL(fileURLWithPath: absolute).lastPathComponent
            if let gitRoot {
                let rootIgnore = SecretScanner.loadIgnore(in: gitRoot)
                ignore.merge(rootIgnore)
                if rootIgnore.ignores(path: fingerprintPath) { return }
            }
            jobs.append(Job(path: location, display: path, fingerprintPath: fingerprintPath))
        }
        run(jobs)
    }

    private func run(_ jobs: [Job]) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, jobs.count / 8, 8))
        let state = ParallelScanState(jobs: jobs)
        let scanner = self.scanner
        let maximumFileSize = self.maximumFileSize
        let progress = self.progress
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let reader = FileReader(maximumSize: maximumFileSize)
            while let index = state.nextJob() {
                let job = jobs[index]
                var outcome = ParallelScanState.Outcome()
                switch reader.read(job.path) {
                case .text(let bytes):
                    outcome.bytes = bytes.count
                    outcome.findings = scanner.findings(in: bytes, displayPath: job.display, fingerprintPath: job.fingerprintPath)
                case .binary:
                    outcome.skipped = true
                case .tooLarge(let size):
                    outcome.note = "skipped \(job.display): \(size) bytes is over the size limit of \(maximumFileSize) bytes"
                case .unreadable(let reason):
                    outcome.note = "cannot read \(job.display): \(reason)"
                }
                let totals = state.record(outcome, at: index)
                progress.update(files: totals.files, bytes: totals.bytes)
            }
        }
        for outcome in state.outcomes {
            findings += outcome.findings
            if let note = outcome.note { notes.append(note) }
            if outcome.note == nil && !outcome.skipped {
                filesScanned += 1
                bytesScanned += outcome.bytes
            }
        }
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The nearest folder at or above `path` that holds `.git`.
    /// What `.gitignore` excludes under `folder` and git does not track, relative to
    /// `folder` (ignored folders once, with a trailing `/`). When git cannot say, a
    /// note, and nothing is left out: the scan errs on the side of scanning.
    private func gitIgnoredPaths(in folder: String, shownAs path: String) -> Set<String> {
        var ignored = Set<String>()
        do {
            try GitCommand(workingDirectory: folder).run(["ls-files", "--others", "--ignored", "--exclude-standard", "--directory"]) {
                ignored.insert(String(decoding: $0, as: UTF8.self))
            }
        } catch {
            notes.append("cannot ask git what .gitignore excludes in \(path) (\(error.message)); scanning everything")
            return []
        }
        if !ignored.isEmpty {
            notes.append("left out \(ignored.count) paths of \(path) that .gitignore excludes; --include-ignored scans them")
        }
        return ignored
    }

    static func gitRoot(containing path: String) -> String? {
        var folder = path
        var info = stat()
        if stat(folder, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR { folder = (folder as NSString).deletingLastPathComponent }
        while !folder.isEmpty {
            if access(PathJoin.join(folder, ".git"), F_OK) == 0 { return folder }
            if folder == "/" { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return nil
    }

    static func relative(_ path: String, to base: String) -> String {
        if path == base { return "" }
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

/// The work queue and results shared by the workers of a `FileScan`, behind a lock.
final class ParallelScanState: @unchecked Sendable {
    struct Outcome: Sendable {
        var findings: [Finding] = []
        var bytes = 0
        var note: String?
        var skipped = false
    }

    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var files = 0
    private var bytes = 0
    private(set) var outcomes: [Outcome]

    init(jobs: [FileScan.Job]) {
        count = jobs.count
        outcomes = Array(repeating: Outcome(), count: jobs.count)
    }

    func nextJob() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// Stores a file's outcome; returns the running totals for the progress line.
    func record(_ outcome: Outcome, at index: Int) -> (files: Int, bytes: Int) {
        lock.withLock {
            if outcome.findings.isEmpty && outcome.note == nil {
                outcomes[index].bytes = outcome.bytes
                outcomes[index].skipped = outcome.skipped
            } else {
                outcomes[index] = outcome
            }
            files += 1
            bytes += outcome.bytes
            return (files, bytes)
        }
    }
}
