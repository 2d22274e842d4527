/// Turns the detections in one buffer into findings: line and column, the
/// inline `keyward:allow` marker, fingerprint.
struct BufferScanner: Sendable {
    let detector: Detector

    /// - Parameters:
    ///   - firstLine: the line number of the buffer's first line (diff hunks start mid-file).
    ///   - displayPath: `file` in the findings; `fingerprintPath`: the path the fingerprint uses.
    func findings(
        in bytes: ScanBytes, displayPath: String, fingerprintPath: String, firstLine: Int = 1, commit: CommitInfo? = nil
    ) -> [Finding] {
        let detections = detector.detect(in: bytes, path: fingerprintPath)
        guard !detections.isEmpty else { return [] }
        var findings: [Finding] = []
        let context = TestPaths.context(ofPath: fingerprintPath)
        var line = firstLine
        var lineStart = 0
        var cursor = 0
        for detection in detections {
            let position = detection.range.lowerBound
            while cursor < position {
                if bytes[cursor] == 0x0A {
                    line += 1
                    lineStart = cursor + 1
                }
                cursor += 1
            }
            if lineIsAllowed(bytes, lineStart: lineStart, through: detection.range.upperBound) { continue }
            let rule = detector.rules[detection.ruleIndex]
            let secret = String(decoding: bytes[detection.range], as: UTF8.self)
            findings.append(
                Finding(
                    rule: rule.id, description: rule.description, file: displayPath, line: line, column: position - lineStart + 1,
                    secret: secret, fingerprint: Fingerprint.make(relativePath: fingerprintPath, rule: rule.id, secret: secret),
                    confirmed: detection.verdict == .confirmed, commit: commit, confidence: rule.confidence, context: context))
        }
        return findings
    }

    /// Whether the line holding the secret's start (or its last line) carries `keyward:allow`.
    private func lineIsAllowed(_ bytes: ScanBytes, lineStart: Int, through end: Int) -> Bool {
        var lineEnd = end
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
        let marker = Array("keyward:allow".utf8)
        guard lineEnd - lineStart >= marker.count else { return false }
        var index = lineStart
        while index + marker.count <= lineEnd {
            if bytes[index] == marker[0], bytes[index + 1] == marker[1] {
                var matched = true
                for offset in 2..<marker.count where bytes[index + offset] != marker[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }
}
