/// Who did what an audit entry records: a management token (its id and its
/// public `start`), Keyward itself, or a client seen only by its address (a
/// failed verification, a refused management call).
public struct AuditActor: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case token
        case system
        case client
        /// An administrator who logged in (its user id; `start` holds its name).
        case user
    }

    public var kind: Kind
    /// The token's id, `system`, or the client's address (`unknown` without one).
    public var id: String
    /// The token's `start` (`kwm_AbCd`), never more of it.
    public var start: String?

    public init(kind: Kind, id: String, start: String? = nil) {
        self.kind = kind
        self.id = id
        self.start = start
    }

    public static let system = AuditActor(kind: .system, id: "system")

    public static func token(_ token: TokenRecord) -> AuditActor {
        AuditActor(kind: .token, id: token.id, start: token.start)
    }

    public static func user(_ user: UserRecord) -> AuditActor {
        AuditActor(kind: .user, id: user.id, start: user.name)
    }

    public static func client(_ address: IPAddress?) -> AuditActor {
        AuditActor(kind: .client, id: address?.description ?? "unknown")
    }

    /// How a table shows it: `tok_… (kwm_AbCd)`, `system`, `203.0.113.7`.
    public var display: String {
        guard let start else { return id }
        return "\(id) (\(start))"
    }
}
