import KeywardCore

/// What `keyward scan --report-leaks` sends to `POST /v1/leaks` and what it says
/// about the server's answers: the Keyward keys and management tokens (`kwm_`) a
/// scan found, both in `keys`, which the server revokes; and the secrets of every
/// other finding in `secrets`, grouped by where they were found (the report's
/// `source`), which the server compares with the vault's fingerprints.
public struct LeakReportSummary: Sendable, Equatable {
    /// The distinct keys and tokens found by the `keyward-key` rule (checksum confirmed), sorted.
    public static func keys(in findings: [Finding]) -> [String] {
        Array(Set(findings.filter { $0.rule == "keyward-key" }.map(\.secret))).sorted()
    }

    /// The secrets of every finding that is not a Keyward key, distinct, grouped
    /// by where each was first found (`FILE` or `FILE@COMMIT`), in finding order.
    public static func secrets(in findings: [Finding]) -> [(source: String, values: [String])] {
        var seen = Set<String>()
        var groups: [(source: String, values: [String])] = []
        var index: [String: Int] = [:]
        for finding in findings where finding.rule != "keyward-key" && !finding.secret.isEmpty {
            guard seen.insert(finding.secret).inserted else { continue }
            var place = finding.file + (finding.commit.map { "@" + String($0.hash.prefix(12)) } ?? "")
            // The server keeps a source of at most 512 bytes: a long path keeps its end.
            while place.utf8.count > 480 { place.removeFirst() }
            let source = "keyward scan: " + place
            if let at = index[source] {
                groups[at].values.append(finding.secret)
            } else {
                index[source] = groups.count
                groups.append((source, [finding.secret]))
            }
        }
        return groups
    }

    /// Splits `values` into batches of at most `count` values and about `bytes` bytes.
    public static func batches(_ values: [String], count: Int = 1000, bytes: Int = 48 * 1024) -> [[String]] {
        var batches: [[String]] = []
        var current: [String] = []
        var size = 0
        for value in values {
            // JSON may escape a byte as six (`\u0001`).
            let length = value.utf8.count * 6 + 8
            if !current.isEmpty && (current.count >= count || size + length > bytes) {
                batches.append(current)
                current = []
                size = 0
            }
            current.append(value)
            size += length
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// Keys and management tokens sent.
    public var keys = 0
    public var managementTokens = 0
    /// Keys revoked by this report, and keys a revocation had already stopped.
    public var revoked = 0
    public var alreadyRevoked = 0
    /// Strings the server did not know (`notFound`) or could not parse (`malformed`).
    public var unknown = 0
    /// Management tokens revoked by this report (`revokedTokens`; absent on older servers).
    public var revokedTokens = 0
    /// Other credentials sent, and vault secrets they matched (`matched`).
    public var secrets = 0
    public var matched = 0

    public init() {}

    /// Counts what was sent in one request.
    public mutating func add(sent: [String]) {
        for key in sent {
            if APIKey(parsing: key)?.isManagementToken == true { managementTokens += 1 } else { keys += 1 }
        }
    }

    /// Adds one answer of `POST /v1/leaks`.
    public mutating func add(answer: [String: JSONValue]) {
        revoked += answer["revoked"]?.arrayValue?.count ?? 0
        alreadyRevoked += answer["alreadyRevoked"]?.arrayValue?.count ?? 0
        unknown += (answer["notFound"]?.intValue ?? 0) + (answer["malformed"]?.intValue ?? 0)
        revokedTokens += max(0, answer["revokedTokens"]?.intValue ?? 0)
        matched += max(0, answer["matched"]?.intValue ?? 0)
    }

    /// The line for stderr: `reported 1 Keyward key to ADDR: 1 revoked now, …`.
    public func message(address: String) -> String {
        var sent: [String] = []
        if keys > 0 || managementTokens == 0 { sent.append(Self.count(keys, "Keyward key")) }
        if managementTokens > 0 { sent.append(Self.count(managementTokens, "management token")) }
        var text =
            "reported \(sent.joined(separator: " and ")) to \(address): \(revoked) revoked now, \(alreadyRevoked) already revoked, \(unknown) unknown to this server"
        if revokedTokens > 0 { text += "; \(Self.count(revokedTokens, "management token")) revoked" }
        if secrets > 0 {
            text += "; \(Self.count(secrets, "other credential")) compared with the vault: \(Self.count(matched, "vault secret")) marked compromised"
        }
        return text
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
