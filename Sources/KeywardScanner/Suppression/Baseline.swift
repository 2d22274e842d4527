import Foundation
import KeywardCore

/// A baseline file: the fingerprints of known findings, with rule and file so
/// that people can read it. Findings in a baseline are not reported again.
public struct Baseline: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var fingerprint: String
        public var rule: String
        public var file: String
    }

    public var version = 1
    public var findings: [Entry]

    public init(findings: [Finding]) {
        var seen = Set<String>()
        self.findings = findings.filter { seen.insert($0.fingerprint).inserted }.map {
            Entry(fingerprint: $0.fingerprint, rule: $0.rule, file: $0.file)
        }.sorted { ($0.file, $0.rule, $0.fingerprint) < ($1.file, $1.rule, $1.fingerprint) }
    }

    public var fingerprints: Set<String> { Set(findings.map(\.fingerprint)) }

    public static func load(from path: String) throws(KeywardError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KeywardError(.invalidBaseline, "cannot read the baseline file \(path)", field: "--baseline")
        }
        do {
            return try JSONDecoder().decode(Baseline.self, from: data)
        } catch {
            throw KeywardError(
                .invalidBaseline, "the baseline file \(path) is not a Keyward baseline (JSON with version and findings)", field: "--baseline")
        }
    }

    public func write(to path: String) throws(KeywardError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(0x0A)
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw KeywardError(.outputFailed, "cannot write the baseline file \(path)", field: "--write-baseline")
        }
    }
}
