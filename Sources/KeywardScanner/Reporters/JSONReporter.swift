import Foundation

/// JSON output (SPEC §10): an array of findings with stable, sorted keys.
enum JSONReporter {
    struct Entry: Encodable {
        var rule: String
        var description: String
        var file: String
        var line: Int
        var column: Int
        var secret: String
        var fingerprint: String
        var confirmed: Bool
        var confidence: String
        var context: String
        var commit: String?
        var author: String?
        var date: String?
    }

    static func render(_ findings: [Finding], showSecrets: Bool) -> String {
        let entries = findings.map { finding in
            Entry(
                rule: finding.rule, description: finding.description, file: finding.file, line: finding.line, column: finding.column,
                secret: showSecrets ? finding.secret : finding.redactedSecret, fingerprint: finding.fingerprint, confirmed: finding.confirmed,
                confidence: finding.confidence.rawValue, context: finding.context.rawValue,
                commit: finding.commit?.hash, author: finding.commit?.author, date: finding.commit?.date)
        }
        return encode(entries)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
