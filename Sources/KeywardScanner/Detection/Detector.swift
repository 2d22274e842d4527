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
    private let fileRules: FileRuleIndex
    /// Each rule's keyword matcher as one closure, in rule order: the hot loop calls these
    /// instead of copying a `Rule` (and its matcher enum) on every keyword hit.
    private let matchers: [@Sendable (ScanBytes, Int, Int) -> RuleMatch?]

    public init(rules: [Rule] = RuleCatalog.builtIn) {
        self.rules = rules
        self.index = KeywordIndex(rules: rules)
        self.fileRules = FileRuleIndex(rules: rules)
        self.matchers = rules.map { rule in
            switch rule.matcher {
            case .token(let shape): { bytes, start, _ in shape.match(bytes, at: start) }
            case .custom(let find): find
            case .file: { _, _, _ in nil }
            }
        }
    }

    /// The secrets in `bytes`, in order of position, without duplicates; a
    /// generic finding that overlaps a specific one is dropped. `path` (relative,
    /// as fingerprints use it) picks the file rules that read this file's format.
    public func detect(in bytes: ScanBytes, path: String? = nil) -> [Detection] {
        var found = path.map { fileDetections(in: bytes, path: $0) } ?? []
        var seen = Set(found)
        // Borrow the tables through unsafe buffers: copying a rule per hit costs more than matching it.
        matchers.withUnsafeBufferPointer { matchers in
            index.keywordLengths.withUnsafeBufferPointer { lengths in
                index.ruleStarts.withUnsafeBufferPointer { ruleStarts in
                    index.ruleIndices.withUnsafeBufferPointer { ruleIndices in
                        index.forEachHit(in: bytes) { position, keyword in
                            let length = Int(lengths[keyword])
                            for slot in Int(ruleStarts[keyword])..<Int(ruleStarts[keyword + 1]) {
                                let ruleIndex = Int(ruleIndices[slot])
                                guard let match = matchers[ruleIndex](bytes, position, length) else { continue }
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

    /// What the rules for this file's name find in it (nearly always none: no rule reads the file).
    /// Kept out of `detect` so that its hot loop is compiled as if file rules did not exist.
    @inline(never)
    private func fileDetections(in bytes: ScanBytes, path: String) -> [Detection] {
        var found: [Detection] = []
        for ruleIndex in fileRules.rules(for: path) {
            guard case .file(let scan) = rules[ruleIndex].matcher else { continue }
            for match in scan(bytes) where !DocumentedExamples.contains(bytes[match.range]) {
                let detection = Detection(ruleIndex: ruleIndex, range: match.range, verdict: match.verdict)
                if !found.contains(detection) { found.append(detection) }
            }
        }
        return found
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
