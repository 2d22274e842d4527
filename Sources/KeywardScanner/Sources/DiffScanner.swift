import Foundation

/// Reads the output of `git diff -U0` or `git log -p -U0` and scans the added
/// lines: consecutive added lines form one chunk, so a private key added in one
/// hunk is seen whole, and line numbers are those of the new file. A file that
/// git calls binary (`Binary files … differ`) has no lines here: it is recorded in
/// `binaryChanges` with its blobs (from the `index` line of `--full-index`) for
/// `GitSource` to read whole.
final class DiffScanner {
    /// A file that git diffed as binary: by `.gitattributes` (`-diff`, `binary`) or a NUL byte.
    struct BinaryChange: Equatable {
        var path: String
        /// The blob before the change; nil for a new file.
        var oldBlob: String?
        var newBlob: String
        var commit: CommitInfo?
    }

    /// The line git log prints before each commit (see `GitSource.logFormat`).
    static let commitMarker = Array("\u{1}KWCOMMIT\t".utf8)
    private static let diffHeader = Array("diff --git ".utf8)
    private static let indexHeader = Array("index ".utf8)
    private static let binaryHeader = Array("Binary files ".utf8)

    private let scanner: BufferScanner
    private let accept: (String) -> Bool
    private let displayPath: (String) -> String
    private(set) var findings: [Finding] = []
    private(set) var bytesScanned = 0
    private(set) var binaryChanges: [BinaryChange] = []

    private var commit: CommitInfo?
    private var path: String?
    private var nextLine = 0
    private var chunk: [UInt8] = []
    private var chunkStart = 0
    /// The accepted path of the `diff --git` line, and the blobs of its `index` line.
    private var headerPath: String?
    private var blobs: (old: String?, new: String)?

    /// - Parameters:
    ///   - accept: whether to scan a file (by its path relative to the repository root).
    init(scanner: BufferScanner, accept: @escaping (String) -> Bool, displayPath: @escaping (String) -> String) {
        self.scanner = scanner
        self.accept = accept
        self.displayPath = displayPath
    }

    func consume(_ line: ArraySlice<UInt8>) {
        if line.starts(with: Self.commitMarker) {
            flush()
            let fields = String(decoding: line.dropFirst(Self.commitMarker.count), as: UTF8.self).split(
                separator: "\t", omittingEmptySubsequences: false)
            commit = CommitInfo(
                hash: fields.count > 0 ? String(fields[0]) : "", author: fields.count > 1 ? String(fields[1]) : "",
                date: fields.count > 2 ? String(fields[2]) : "")
            path = nil
            return
        }
        guard let first = line.first else {
            flush()
            return
        }
        switch first {
        case UInt8(ascii: "+"):
            if line.starts(with: Array("+++ ".utf8)) && chunk.isEmpty && nextLine == 0 {
                path = Self.newPath(String(decoding: line.dropFirst(4), as: UTF8.self))
                if let candidate = path, !accept(candidate) { path = nil }
                return
            }
            guard path != nil, nextLine > 0 else { return }
            if chunk.isEmpty { chunkStart = nextLine } else { chunk.append(0x0A) }
            chunk.append(contentsOf: line.dropFirst())
            nextLine += 1
        case UInt8(ascii: "@"):
            flush()
            nextLine = Self.newStart(line) ?? 0
        case UInt8(ascii: " "):
            flush()
            nextLine += 1
        case UInt8(ascii: "d"):
            // `diff --git …`: a new file; the path of its lines comes with `+++`.
            flush()
            nextLine = 0
            path = nil
            blobs = nil
            headerPath = nil
            if line.starts(with: Self.diffHeader), let candidate = Self.pathOfHeader(line.dropFirst(Self.diffHeader.count)), accept(candidate) {
                headerPath = candidate
            }
        case UInt8(ascii: "i") where nextLine == 0 && line.starts(with: Self.indexHeader):
            blobs = Self.blobs(line.dropFirst(Self.indexHeader.count))
        case UInt8(ascii: "B") where nextLine == 0 && line.starts(with: Self.binaryHeader):
            if let headerPath, let blobs {
                binaryChanges.append(BinaryChange(path: headerPath, oldBlob: blobs.old, newBlob: blobs.new, commit: commit))
            }
        default:
            flush()
        }
    }

    func finish() { flush() }

    private func flush() {
        guard !chunk.isEmpty, let path else {
            chunk.removeAll(keepingCapacity: true)
            return
        }
        bytesScanned += chunk.count
        let found = chunk.withUnsafeBufferPointer { bytes in
            scanner.findings(in: bytes, displayPath: displayPath(path), fingerprintPath: path, firstLine: chunkStart, commit: commit)
        }
        findings += found
        chunk.removeAll(keepingCapacity: true)
    }

    /// `b/src/a.swift` → `src/a.swift`; `/dev/null` → nil; C-quoted names unquoted.
    static func newPath(_ text: String) -> String? {
        var name = text
        if let tab = name.firstIndex(of: "\t") { name = String(name[..<tab]) }
        if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
            name = unquote(name.utf8.dropFirst().dropLast())
        }
        if name == "/dev/null" { return nil }
        if name.hasPrefix("b/") { name.removeFirst(2) }
        return name
    }

    /// The new path of `diff --git a/P b/P` (the text after `diff --git `). Without
    /// renames both sides name the same file, quoted alike, so the second half is it.
    static func pathOfHeader(_ rest: ArraySlice<UInt8>) -> String? {
        guard rest.count >= 5, rest.count % 2 == 1 else { return nil }
        let half = (rest.count - 1) / 2
        guard rest[rest.startIndex + half] == UInt8(ascii: " ") else { return nil }
        return newPath(String(decoding: rest.suffix(half), as: UTF8.self))
    }

    /// `old..new[ mode]` of an `index` line; an all-zero id (no blob) is nil.
    static func blobs(_ rest: ArraySlice<UInt8>) -> (old: String?, new: String)? {
        let ids = rest.prefix { $0 != UInt8(ascii: " ") }
        guard let dot = ids.firstIndex(of: UInt8(ascii: ".")), dot + 1 < ids.endIndex, ids[dot + 1] == UInt8(ascii: ".") else { return nil }
        let old = ids[..<dot]
        let new = ids[(dot + 2)...]
        guard !new.isEmpty, !new.allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
        return (old.allSatisfy { $0 == UInt8(ascii: "0") } ? nil : String(decoding: old, as: UTF8.self), String(decoding: new, as: UTF8.self))
    }

    /// Undoes git's C-style quoting of a path: `\"`, `\\`, `\t`, `\n`, … and octal `\ooo` bytes.
    static func unquote(_ quoted: Substring.UTF8View) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(quoted.count)
        var index = quoted.startIndex
        while index < quoted.endIndex {
            let byte = quoted[index]
            index = quoted.index(after: index)
            guard byte == UInt8(ascii: "\\"), index < quoted.endIndex else {
                bytes.append(byte)
                continue
            }
            let escaped = quoted[index]
            index = quoted.index(after: index)
            switch escaped {
            case UInt8(ascii: "a"): bytes.append(0x07)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "v"): bytes.append(0x0B)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = Int(escaped - UInt8(ascii: "0"))
                var digits = 1
                while digits < 3, index < quoted.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(quoted[index]) {
                    value = value * 8 + Int(quoted[index] - UInt8(ascii: "0"))
                    index = quoted.index(after: index)
                    digits += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            default: bytes.append(escaped)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The new-file start line of `@@ -a,b +c,d @@`.
    static func newStart(_ line: ArraySlice<UInt8>) -> Int? {
        guard let plus = line.firstIndex(of: UInt8(ascii: "+")) else { return nil }
        var number = 0
        var index = plus + 1
        while index < line.endIndex, ByteSet.digits.contains(line[index]) {
            number = number * 10 + Int(line[index] - UInt8(ascii: "0"))
            index += 1
        }
        return number
    }
}
