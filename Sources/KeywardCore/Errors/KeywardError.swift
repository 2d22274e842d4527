/// The one error type of Keyward: a stable code, a message for people, and the
/// input field it concerns, if any.
///
/// Messages are written by Keyward itself and never quote a key, a token, a
/// pepper, a master key or a vault value: an error may end up in a log.
public struct KeywardError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: Code
    public let message: String
    /// The request field or command-line argument at fault (`expiresAt`, `--expires`).
    public let field: String?
    /// Seconds until trying again makes sense (`USER_LOCKED`): `Retry-After`.
    public let retryAfter: Int?

    public init(_ code: Code, _ message: String, field: String? = nil, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.retryAfter = retryAfter
    }

    public var description: String {
        if let field { return "\(code.rawValue): \(field): \(message)" }
        return "\(code.rawValue): \(message)"
    }
}

extension KeywardError {
    /// What went wrong, as a stable upper-case identifier (`INVALID_DURATION`),
    /// and which kind of failure it is, which the HTTP edge turns into a status.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public let kind: Kind

        public init(_ rawValue: String, _ kind: Kind) {
            self.rawValue = rawValue
            self.kind = kind
        }

        public var description: String { rawValue }
    }

    /// The families of failure; each maps to one HTTP status and one exit code.
    public enum Kind: Sendable, Hashable {
        /// The input is wrong (HTTP 400, exit 2).
        case invalidInput
        /// No credential was given, or it is not valid (HTTP 401, exit 1).
        case unauthenticated
        /// The credential does not allow the action (HTTP 403, exit 1).
        case forbidden
        /// The named thing does not exist (HTTP 404, exit 1).
        case notFound
        /// The action conflicts with the current state (HTTP 409, exit 2).
        case conflict
        /// The request is too large (HTTP 413, exit 2).
        case tooLarge
        /// Too many failures: wait (HTTP 429 with `Retry-After`, exit 1).
        case throttled
        /// Keyward itself failed: storage, I/O, configuration (HTTP 500, exit 3).
        case internalFailure
        /// A dependency is not available right now (HTTP 503, exit 3).
        case unavailable
    }
}

extension KeywardError.Code {
    public static let invalidJSON = Self("INVALID_JSON", .invalidInput)
    public static let invalidField = Self("INVALID_FIELD", .invalidInput)
    public static let missingField = Self("MISSING_FIELD", .invalidInput)
    public static let unknownField = Self("UNKNOWN_FIELD", .invalidInput)
    public static let invalidDuration = Self("INVALID_DURATION", .invalidInput)
    public static let invalidPrefix = Self("INVALID_PREFIX", .invalidInput)
    public static let invalidName = Self("INVALID_NAME", .invalidInput)
    public static let invalidScope = Self("INVALID_SCOPE", .invalidInput)
    public static let invalidCursor = Self("INVALID_CURSOR", .invalidInput)
    public static let invalidKey = Self("INVALID_KEY", .invalidInput)
    public static let lifetimeExceeded = Self("LIFETIME_EXCEEDED", .invalidInput)
    public static let bodyTooLarge = Self("BODY_TOO_LARGE", .tooLarge)
    public static let missingToken = Self("MISSING_TOKEN", .unauthenticated)
    public static let invalidToken = Self("INVALID_TOKEN", .unauthenticated)
    public static let insufficientScope = Self("INSUFFICIENT_SCOPE", .forbidden)
    public static let notFound = Self("NOT_FOUND", .notFound)
    public static let alreadyExists = Self("ALREADY_EXISTS", .conflict)
    public static let conflict = Self("CONFLICT", .conflict)
    public static let storageFailure = Self("STORAGE_FAILURE", .internalFailure)
    public static let masterKey = Self("MASTER_KEY", .internalFailure)
    public static let decryptionFailed = Self("DECRYPTION_FAILED", .internalFailure)
    public static let configuration = Self("CONFIGURATION", .internalFailure)
    public static let internalError = Self("INTERNAL", .internalFailure)
    public static let unavailable = Self("UNAVAILABLE", .unavailable)
}
