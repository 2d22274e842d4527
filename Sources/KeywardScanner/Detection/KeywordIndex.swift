/// The prefilter: one pass over the bytes that finds, for all rules at once,
/// the spots where a keyword starts. Keywords are indexed by their first two
/// bytes (lower-cased), so most positions cost one table lookup. All tables are
/// flat arrays read through unsafe buffers: the hot loop makes no reference
/// counting traffic.
struct KeywordIndex: Sendable {
    /// The keywords, lower-cased, in index order.
    let keywords: [[UInt8]]
    /// Each keyword's length, and the rules that look for it:
    /// `ruleIndices[ruleStarts[k]..<ruleStarts[k + 1]]`.
    let keywordLengths: [Int32]
    let ruleStarts: [Int32]
    let ruleIndices: [Int32]

    /// For each pair of lower-cased bytes, the range of `bucketEntries` to try (empty: none).
    private let bucketStart: [Int32]
    private let bucketEnd: [Int32]
    private let bucketEntries: [Int32]
    /// All keywords' bytes, back to back, and where each starts and ends.
    private let keywordBytes: [UInt8]
    private let keywordStart: [Int32]
    private let keywordEnd: [Int32]

    static let lowercase: [UInt8] = (0...255).map { (value: Int) -> UInt8 in
        let byte = UInt8(value)
        return ByteSet.upper.contains(byte) ? byte + 32 : byte
    }

    init(rules: [Rule]) {
        var byKeyword: [[UInt8]: [Int]] = [:]
        for (index, rule) in rules.enumerated() {
            for keyword in rule.keywords {
                let bytes = keyword.utf8.map { KeywordIndex.lowercase[Int($0)] }
                precondition(bytes.count >= 1, "a keyword needs at least one byte")
                byKeyword[bytes, default: []].append(index)
            }
        }
        let keywords = byKeyword.keys.sorted { $0.lexicographicallyPrecedes($1) }
        var lists = [[Int32]](repeating: [], count: 65536)
        for (keywordIndex, keyword) in keywords.enumerated() {
            // A one-byte keyword is indexed with every word byte that may follow it.
            let pairs: [Int] =
                keyword.count >= 2
                ? [Int(keyword[0]) << 8 | Int(keyword[1])]
                : ByteSet.base62.members.map { Int(keyword[0]) << 8 | Int(KeywordIndex.lowercase[Int($0)]) }
            for pair in Set(pairs) { lists[pair].append(Int32(keywordIndex)) }
        }
        var starts = [Int32](repeating: 0, count: 65536)
        var ends = [Int32](repeating: 0, count: 65536)
        var entries: [Int32] = []
        for pair in 0..<65536 {
            starts[pair] = Int32(entries.count)
            entries += lists[pair]
            ends[pair] = Int32(entries.count)
        }
        var flat: [UInt8] = []
        var keywordStart: [Int32] = []
        var keywordEnd: [Int32] = []
        for keyword in keywords {
            keywordStart.append(Int32(flat.count))
            flat += keyword
            keywordEnd.append(Int32(flat.count))
        }
        self.keywords = keywords
        self.keywordLengths = keywords.map { Int32($0.count) }
        var ruleStarts: [Int32] = [0]
        var ruleIndices: [Int32] = []
        for keyword in keywords {
            ruleIndices += byKeyword[keyword]!.map { Int32($0) }
            ruleStarts.append(Int32(ruleIndices.count))
        }
        self.ruleStarts = ruleStarts
        self.ruleIndices = ruleIndices
        self.bucketStart = starts
        self.bucketEnd = ends
        self.bucketEntries = entries
        self.keywordBytes = flat
        self.keywordStart = keywordStart
        self.keywordEnd = keywordEnd
    }

    /// Calls `body(position, keywordIndex)` for every keyword occurrence in `bytes`.
    func forEachHit(in bytes: ScanBytes, _ body: (Int, Int) -> Void) {
        let count = bytes.count
        guard count >= 2 else { return }
        Self.lowercase.withUnsafeBufferPointer { lower in
            bucketStart.withUnsafeBufferPointer { starts in
                bucketEnd.withUnsafeBufferPointer { ends in
                    bucketEntries.withUnsafeBufferPointer { entries in
                        keywordBytes.withUnsafeBufferPointer { flat in
                            keywordStart.withUnsafeBufferPointer { keywordStarts in
                                keywordEnd.withUnsafeBufferPointer { keywordEnds in
                                    var previous = Int(lower[Int(bytes[0])])
                                    var index = 1
                                    while index < count {
                                        let current = Int(lower[Int(bytes[index])])
                                        let pair = previous << 8 | current
                                        var entry = Int(starts[pair])
                                        let last = Int(ends[pair])
                                        while entry < last {
                                            let keyword = Int(entries[entry])
                                            let from = Int(keywordStarts[keyword])
                                            let to = Int(keywordEnds[keyword])
                                            let start = index - 1
                                            if start + (to - from) <= count {
                                                var offset = 2
                                                var matched = true
                                                while from + offset < to {
                                                    if lower[Int(bytes[start + offset])] != flat[from + offset] {
                                                        matched = false
                                                        break
                                                    }
                                                    offset += 1
                                                }
                                                if matched { body(start, keyword) }
                                            }
                                            entry += 1
                                        }
                                        previous = current
                                        index += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
