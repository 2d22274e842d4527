/// The revision that `keyward scan --git --since` takes. It reaches git as an
/// argument, so it must not look like an option (`--output=F`), and a revision has
/// no whitespace or control characters.
public enum GitRevision {
    /// Why `revision` cannot be a `--since` revision, or nil when it can.
    public static func problem(_ revision: String) -> String? {
        if revision.isEmpty { return "--since needs a revision (a commit, tag or branch)" }
        if revision.hasPrefix("-") {
            return "--since must be a revision (a commit, tag or branch), not an option: it must not start with '-'"
        }
        if revision.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return "--since must be a revision (a commit, tag or branch), without whitespace or control characters"
        }
        return nil
    }
}
