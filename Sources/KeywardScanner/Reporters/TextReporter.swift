/// The report for people: one block per finding and a summary line.
enum TextReporter {
    static func render(_ findings: [Finding], showSecrets: Bool) -> String {
        guard !findings.isEmpty else { return "No secrets found.\n" }
        var text = ""
        for finding in findings {
            let status = (finding.confirmed ? " (confirmed by checksum)" : "") + (finding.context == .test ? " (test path)" : "")
            text += "\(finding.file):\(finding.line):\(finding.column): \(finding.description) [\(finding.rule)]\(status)\n"
            text += "    secret:      \(showSecrets ? finding.secret : finding.redactedSecret)\n"
            text += "    confidence:  \(finding.confidence.rawValue)\n"
            if let commit = finding.commit {
                text += "    commit:      \(commit.hash)\n    author:      \(commit.author)\n    date:        \(commit.date)\n"
            }
            text += "    fingerprint: \(finding.fingerprint)\n\n"
        }
        text += summary(findings)
        return text
    }

    /// `3 secrets found in 2 files.`, with the findings under test, fixture, example
    /// and benchmark paths counted apart: `…; 1 of them in test paths, 2 elsewhere.`
    static func summary(_ findings: [Finding]) -> String {
        let files = Set(findings.map(\.file)).count
        var line = "\(findings.count) secret\(findings.count == 1 ? "" : "s") found in \(files) file\(files == 1 ? "" : "s")"
        let tests = findings.filter { $0.context == .test }.count
        if tests > 0 {
            line += "; \(tests) of them in test, fixture or example paths, \(findings.count - tests) elsewhere"
        }
        return line + ".\n"
    }
}
