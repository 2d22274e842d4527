import Foundation

/// Who asks for a management action and from where: what every audited
/// service call is given, so its entry names them.
public struct AuditContext: Sendable, Hashable {
    public var actor: AuditActor
    /// The client's address, as the server saw it.
    public var sourceIP: String?

    public init(actor: AuditActor, sourceIP: String? = nil) {
        self.actor = actor
        self.sourceIP = sourceIP
    }

    /// Keyward itself (first start, recovery, background work).
    public static let system = AuditContext(actor: .system)

    /// A successful action of this context.
    public func draft(_ action: String, target: String?, at time: Date, details: [String: JSONValue] = [:]) -> AuditDraft {
        AuditDraft(time: time, actor: actor, action: action, target: target, outcome: .success, sourceIP: sourceIP, details: details)
    }
}
