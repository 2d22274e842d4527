/// SARIF 2.1.0 for GitHub code scanning: the rules that fired in
/// `tool.driver.rules`, one result per finding with a `partialFingerprints`
/// entry so that code scanning tracks a finding across commits. A finding's
/// `confidence` is in its `properties` and sets its `level` (`low` is a
/// `warning`, the others an `error`) and `rank` (high 90, medium 60, low 30); a
/// rule's confidence is its `precision`.
enum SARIFReporter {
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }
    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name = "keyward"
        var informationUri = "https://github.com/keyward/keyward"
        var semanticVersion = "0.1.0"
        var rules: [RuleDescriptor]
    }
    struct RuleDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var defaultConfiguration: Configuration
        var properties: Properties
    }
    struct Configuration: Encodable { var level: String }
    struct Properties: Encodable {
        var tags = ["security", "secret"]
        var precision: String
        var securitySeverity = "9.0"
        enum CodingKeys: String, CodingKey {
            case tags, precision
            case securitySeverity = "security-severity"
        }
    }
    struct Message: Encodable { var text: String }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var rank: Double
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: ResultProperties?
    }
    struct ResultProperties: Encodable {
        var confirmed: Bool
        var confidence: String
        var context: String
        var commit: String?
        var author: String?
        var date: String?
    }
    struct Location: Encodable { var physicalLocation: PhysicalLocation }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct ArtifactLocation: Encodable { var uri: String }
    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    static func render(_ findings: [Finding], showSecrets: Bool, rules: [Rule]) -> String {
        let usedIDs = Set(findings.map(\.rule))
        let used = rules.filter { usedIDs.contains($0.id) }
        let indexByID = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1.id, $0) })
        let descriptors = used.map { rule in
            RuleDescriptor(
                id: rule.id, name: rule.id, shortDescription: Message(text: rule.description),
                fullDescription: Message(text: "\(rule.description). Revoke it, rotate it and keep it out of the source tree."),
                defaultConfiguration: Configuration(level: level(rule.confidence)), properties: Properties(precision: rule.confidence.rawValue))
        }
        let results = findings.map { finding in
            let secret = showSecrets ? finding.secret : finding.redactedSecret
            return Result(
                ruleId: finding.rule, ruleIndex: indexByID[finding.rule] ?? 0, level: level(finding.confidence), rank: rank(finding.confidence),
                message: Message(text: "\(finding.description) found: \(secret)"),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: uri(finding.file)),
                            region: Region(startLine: finding.line, startColumn: finding.column)))
                ],
                partialFingerprints: ["keywardFingerprint/v1": finding.fingerprint],
                properties: ResultProperties(
                    confirmed: finding.confirmed, confidence: finding.confidence.rawValue, context: finding.context.rawValue,
                    commit: finding.commit?.hash, author: finding.commit?.author, date: finding.commit?.date))
        }
        return JSONReporter.encode(Log(runs: [Run(tool: Tool(driver: Driver(rules: descriptors)), results: results)]))
    }

    static func level(_ confidence: Confidence) -> String { confidence == .low ? "warning" : "error" }

    static func rank(_ confidence: Confidence) -> Double {
        switch confidence {
        case .high: 90
        case .medium: 60
        case .low: 30
        }
    }

    /// A relative URI: `./` dropped, spaces and other reserved characters percent-encoded.
    static func uri(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        let unreserved = ByteSet.base62.union(ByteSet("-._~/"))
        var output = ""
        for byte in trimmed.utf8 {
            if unreserved.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                output += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return output
    }
}
