import Foundation
import KeywardCore

/// Reads blobs out of the object database with `git cat-file --batch-check` (sizes)
/// and `git cat-file --batch` (contents): one process for any number of blobs.
struct GitBlobs {
    let git: GitCommand

    /// The size of each object that exists and is a blob.
    func sizes(of objects: [String]) throws(KeywardError) -> [String: Int] {
        guard !objects.isEmpty else { return [:] }
        var sizes: [String: Int] = [:]
        try git.run(["cat-file", "--batch-check"], input: Self.request(objects)) { line in
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8),
                let size = Int(String(decoding: fields[2], as: UTF8.self))
            else { return }
            sizes[String(decoding: fields[0], as: UTF8.self)] = size
        }
        return sizes
    }

    /// Calls `body(index, bytes)` for each of `objects` in order; `bytes` is nil for
    /// an object that is missing or not a blob. The bytes are valid during the call.
    func contents(of objects: [String], _ body: (Int, ScanBytes?) -> Void) throws(KeywardError) {
        guard !objects.isEmpty else { return }
        var parser = BatchParser()
        try git.stream(["cat-file", "--batch"], input: Self.request(objects)) { chunk in parser.consume(chunk, body) }
    }

    private static func request(_ objects: [String]) -> [UInt8] {
        Array(objects.joined(separator: "\n").utf8) + [0x0A]
    }
}

/// Splits the output of `git cat-file --batch`: `<oid> <type> <size>\n<bytes>\n`
/// per object, or `<oid> missing\n`. Holds at most one object at a time.
struct BatchParser {
    private var pending: [UInt8] = []
    /// The size of the object whose bytes are being read, after its header.
    private var expected: Int?
    private var isBlob = false
    private var index = 0

    mutating func consume(_ chunk: Data, _ body: (Int, ScanBytes?) -> Void) {
        pending.append(contentsOf: chunk)
        var start = 0
        while true {
            if let size = expected {
                guard pending.count - start >= size + 1 else { break }
                pending.withUnsafeBufferPointer { all in
                    body(index, isBlob ? ScanBytes(rebasing: all[start..<(start + size)]) : nil)
                }
                start += size + 1
                expected = nil
                index += 1
            } else {
                guard let newline = pending[start...].firstIndex(of: 0x0A) else { break }
                let fields = pending[start..<newline].split(separator: UInt8(ascii: " "))
                start = newline + 1
                if fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)), size >= 0 {
                    expected = size
                    isBlob = fields[1].elementsEqual("blob".utf8)
                } else {
                    body(index, nil)
                    index += 1
                }
            }
        }
        pending.removeFirst(start)
    }
}
