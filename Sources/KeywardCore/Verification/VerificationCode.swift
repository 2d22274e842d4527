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
