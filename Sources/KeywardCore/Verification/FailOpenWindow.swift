/// How long a keyspace's keys keep verifying from a node's cache while the
/// node cannot reach its shared store (docs/configuration.md, "When the
/// database cannot be reached"). A keyspace without one fails closed, the
/// default: nothing is let through that the node cannot check.
///
/// The window runs from the moment the node stopped hearing the other nodes'
/// changes, because from then on a key it cached may have been revoked
/// elsewhere. Only keys the node holds in its cache qualify; every other
/// check (state, expiry, scopes, allowlist, local limits, the unspent part of
/// a quota lease) still applies.
public enum FailOpenWindow {
    /// The longest window: past it a key revoked elsewhere stays usable on a
    /// cut-off node for longer than an operator should have to think about.
    public static let longestSeconds: Int64 = 3_600

    /// `window` when it lies between 1 s and an hour; otherwise a 400 naming `field`.
    public static func validated(_ window: DurationText, field: String) throws(KeywardError) -> DurationText {
        guard window.seconds >= 1, window.seconds <= longestSeconds else {
            throw KeywardError(.invalidField, "expected between 1s and 1h (or null: fail closed), found \(window.text)", field: field)
        }
        return window
    }

    /// Whether a key of a keyspace with `window` may still be answered from
    /// cache when the node has not heard the others' changes for `outageAge`.
    public static func permits(_ window: DurationText?, outageAge: Duration) -> Bool {
        guard let window else { return false }
        return outageAge < .seconds(window.seconds)
    }
}
