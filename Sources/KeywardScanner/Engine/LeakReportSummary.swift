import KeywardCore

/// What `keyward scan --report-leaks` sends to `POST /v1/leaks` and what it says
/// about the server's answers: the Keyward keys and management tokens (`kwm_`) a
/// scan found, both in `keys`; the server revokes each one it knows.
public struct LeakReportSummary: Sendable, Equatable {
    /// The distinct keys and tokens found by the `keyward-key` rule (checksum confirmed), sorted.
    public static func keys(in findings: [Finding]) -> [String] {
        Array(Set(findings.filter { $0.rule == "keyward-key" }.map(\.secret))).sorted()
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
    }

    /// The line for stderr: `reported 1 Keyward key to ADDR: 1 revoked now, …`.
    public func message(address: String) -> String {
        var sent: [String] = []
        if keys > 0 || managementTokens == 0 { sent.append(Self.count(keys, "Keyward key")) }
        if managementTokens > 0 { sent.append(Self.count(managementTokens, "management token")) }
        var text =
            "reported \(sent.joined(separator: " and ")) to \(address): \(revoked) revoked now, \(alreadyRevoked) already revoked, \(unknown) unknown to this server"
        if revokedTokens > 0 { text += "; \(Self.count(revokedTokens, "management token")) revoked" }
        return text
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
