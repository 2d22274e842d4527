/// How sure a finding is, from how its rule recognises the secret (issue 18):
/// `high` for fixed-prefix and checksummed formats and decoded key material,
/// `medium` for a value in a structured field of a known format (a provider's
/// named variable, a config file's password field, a URL's password), `low` for a
/// value that only looks random under a credential-like name (the generic rule).
public enum Confidence: String, Sendable, Hashable, CaseIterable, Comparable {
    case low, medium, high

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }
}
