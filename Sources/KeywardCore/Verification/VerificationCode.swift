/// The answer of a verification (SPEC §4). A negative answer is a value, not an error.
/// The cases are listed in the order the checks run.
public enum VerificationCode: String, Sendable, CaseIterable, Codable {
    case malformed = "MALFORMED"
    case sourceBlocked = "SOURCE_BLOCKED"
    case notFound = "NOT_FOUND"
    case revoked = "REVOKED"
    case disabled = "DISABLED"
    case expired = "EXPIRED"
    case ipNotAllowed = "IP_NOT_ALLOWED"
    case insufficientScope = "INSUFFICIENT_SCOPE"
    case rateLimited = "RATE_LIMITED"
    case usageExceeded = "USAGE_EXCEEDED"
    case valid = "VALID"

    public var isValid: Bool { self == .valid }
}

extension VerificationCode {
    /// The code's place in `allCases`, without a search (counters index arrays by it).
    public var ordinal: Int {
        switch self {
        case .malformed: 0
        case .sourceBlocked: 1
        case .notFound: 2
        case .revoked: 3
        case .disabled: 4
        case .expired: 5
        case .ipNotAllowed: 6
        case .insufficientScope: 7
        case .rateLimited: 8
        case .usageExceeded: 9
        case .valid: 10
        }
    }
}
