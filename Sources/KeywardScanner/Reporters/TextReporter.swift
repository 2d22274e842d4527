/// The report for people: one block per finding and a summary line.
enum TextReporter {
    static func render(_ findings: [Finding], showSecrets: Bool) -> String {
        guard !findings.isEmpty else { return "No secrets found.\n" }
        var text = ""
        for finding in findings {
            let status = finding.confirmed ? " (confirmed by checksum)" : ""
            text += "\(finding.file):\(finding.line):\(finding.column): \(finding.description) [\(finding.rule)]\(status)\n"
            text += "    secret:      \(showSecrets ? finding.secret : finding.redactedSecret)\n"
            if let commit = finding.commit {
                text += "    commit:      \(commit.hash)\n    author:      \(commit.author)\n    date:        \(commit.date)\n"
            }
            text += "    fingerprint: \(finding.fingerprint)\n\n"
        }
        let files = Set(findings.map(\.file)).count
        text += "\(findings.count) secret\(findings.count == 1 ? "" : "s") found in \(files) file\(files == 1 ? "" : "s").\n"
        return text
    }
}
