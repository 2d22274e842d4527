/// The scopes that management tokens carry and that management routes require.
///
/// `admin` holds every scope. A `write` scope also grants the matching `read`
/// scope (`keys:write` may read keys), so a token that can change a record can
/// see what it changed.
public enum ManagementScope {
    public static let admin = known("admin")
    public static let keysRead = known("keys:read")
    public static let keysWrite = known("keys:write")
    public static let keysVerify = known("keys:verify")
    public static let keyspacesRead = known("keyspaces:read")
    public static let keyspacesWrite = known("keyspaces:write")
    public static let tokensRead = known("tokens:read")
    public static let tokensWrite = known("tokens:write")
    public static let leaksReport = known("leaks:report")
    public static let auditRead = known("audit:read")
    /// Making checkpoints (it appends an entry).
    public static let auditWrite = known("audit:write")
    public static let alertsRead = known("alerts:read")
    /// Acknowledging alerts.
    public static let alertsWrite = known("alerts:write")
    /// The hygiene report.
    public static let reportsRead = known("reports:read")
    /// Every vault path, read and write (a `secrets:` scope without a path covers all).
    public static let secretsWrite = known("secrets:write")
    /// `GET /metrics` (unless `serve --metrics-public`).
    public static let metricsRead = known("metrics:read")

    /// Whether `held` allows an action that needs `required`.
    public static func allows(_ held: [Scope], _ required: Scope) -> Bool {
        if held.contains(admin) { return true }
        if held.grants(required) { return true }
        if required.segments.last == "read" {
            let writeText = required.segments.dropLast().joined(separator: ":") + ":write"
            if let write = try? Scope(parsing: writeText), held.grants(write) { return true }
        }
        return false
    }

    private static func known(_ text: String) -> Scope {
        // The texts above are valid scopes; a failure here is a programming error.
        try! Scope(parsing: text)
    }
}
