import Foundation

/// Reads the output of `git diff -U0` or `git log -p -U0` and scans the added
/// lines: consecutive added lines form one chunk, so a private key added in one
/// hunk is seen whole, and line numbers are those of the new file.
final class DiffScanner {
    /// The line git log prints before each commit (see `GitSource.logFormat`).
    static let commitMarker = Array("\u{1}KWCOMMIT\t".utf8)

    private let scanner: BufferScanner
    private let accept: (String) -> Bool
    private let displayPath: (String) -> String
    private(set) var findings: [Finding] = []
    private(set) var bytesScanned = 0

    private var commit: CommitInfo?
    private var path: String?
    private var nextLine = 0
    private var chunk: [UInt8] = []
    private var chunkStart = 0

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
            // `diff --git …`: a new file; the path comes with `+++`.
            flush()
            nextLine = 0
            path = nil
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
        if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
            name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        if name == "/dev/null" { return nil }
        if name.hasPrefix("b/") { name.removeFirst(2) }
        if let tab = name.firstIndex(of: "\t") { name = String(name[..<tab]) }
        return name
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
