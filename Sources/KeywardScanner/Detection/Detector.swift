/// A secret found in a buffer, before it is placed in a file and suppressed.
public struct Detection: Sendable, Hashable {
    public var ruleIndex: Int
    public var range: Range<Int>
    public var verdict: Verdict
}

/// Runs the prefilter and the rules over a buffer.
public struct Detector: Sendable {
    public let rules: [Rule]
    private let index: KeywordIndex
    /// The rules that read whole files of a known format, picked by file name.
    private let fileRules: [Int]

    public init(rules: [Rule] = RuleCatalog.builtIn) {
        self.rules = rules
        self.index = KeywordIndex(rules: rules)
        self.fileRules = rules.indices.filter { rules[$0].fileNames != nil }
    }

    /// The secrets in `bytes`, in order of position, without duplicates; a
    /// generic finding that overlaps a specific one is dropped. `path` (relative,
    /// as fingerprints use it) picks the file rules that read this file's format.
    public func detect(in bytes: ScanBytes, path: String? = nil) -> [Detection] {
        var found: [Detection] = []
        var seen = Set<Detection>()
        if let path, !fileRules.isEmpty {
            let name = FileNamePattern.Name(path)
            for ruleIndex in fileRules where rules[ruleIndex].fileNames?.matches(name) == true {
                guard case .file(let scan) = rules[ruleIndex].matcher else { continue }
                for match in scan(bytes) where !DocumentedExamples.contains(bytes[match.range]) {
                    let detection = Detection(ruleIndex: ruleIndex, range: match.range, verdict: match.verdict)
                    if seen.insert(detection).inserted { found.append(detection) }
                }
            }
        }
        // Borrow the tables through unsafe buffers: copying a rule per hit costs more than matching it.
        rules.withUnsafeBufferPointer { rules in
            index.keywordLengths.withUnsafeBufferPointer { lengths in
                index.ruleStarts.withUnsafeBufferPointer { ruleStarts in
                    index.ruleIndices.withUnsafeBufferPointer { ruleIndices in
                        index.forEachHit(in: bytes) { position, keyword in
                            let length = Int(lengths[keyword])
                            for slot in Int(ruleStarts[keyword])..<Int(ruleStarts[keyword + 1]) {
                                let ruleIndex = Int(ruleIndices[slot])
                                guard let match = rules[ruleIndex].match(bytes, keywordAt: position, length: length) else { continue }
                                // Providers' documented sample keys are not findings, whichever rule matched them.
                                if DocumentedExamples.contains(bytes[match.range]) { continue }
                                let detection = Detection(ruleIndex: ruleIndex, range: match.range, verdict: match.verdict)
                                if seen.insert(detection).inserted { found.append(detection) }
                            }
                        }
                    }
                }
            }
        }
        guard found.count > 1 else { return found }
        let specific = found.filter { !rules[$0.ruleIndex].isGeneric }
        return found.filter { detection in
            if rules[detection.ruleIndex].isGeneric {
                return !specific.contains { $0.range.overlaps(detection.range) }
            }
            // Of two specific matches of one span, keep the longer one, then the surer one.
            return !specific.contains { other in
                guard other != detection, other.range.overlaps(detection.range) else { return false }
                if other.range.count != detection.range.count { return other.range.count > detection.range.count }
                let (mine, theirs) = (rules[detection.ruleIndex].confidence, rules[other.ruleIndex].confidence)
                return theirs != mine ? theirs > mine : other.ruleIndex < detection.ruleIndex
            }
        }.sorted { ($0.range.lowerBound, $0.ruleIndex) < ($1.range.lowerBound, $1.ruleIndex) }
    }

    /// Convenience for tests and stdin: the detections in a string.
    public func detect(in text: String, path: String? = nil) -> [(rule: Rule, secret: String, verdict: Verdict)] {
        var text = text
        return text.withUTF8 { bytes in
            detect(in: bytes, path: path).map { detection in
                (rules[detection.ruleIndex], String(decoding: bytes[detection.range], as: UTF8.self), detection.verdict)
            }
        }
    }
}
