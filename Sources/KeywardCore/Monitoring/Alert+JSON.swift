import Foundation

extension Alert {
    /// `{id, type, severity, subject, keyId?, keyspaceId?, source?, secretPath?, firstSeenAt, lastSeenAt, count, details, acknowledged, acknowledgedAt?, acknowledgedBy?}`:
    /// the alert in answers and in webhook bodies alike.
    public var json: JSONValue {
        var view = JSONObjectBuilder()
        view.set("id", id)
        view.set("type", type.rawValue)
        view.set("severity", severity.rawValue)
        view.set("subject", subject)
        view.set("keyId", keyID)
        view.set("keyspaceId", keyspaceID)
        view.set("source", source)
        view.set("secretPath", secretPath)
        if let userID { view.set("userId", userID) }
        view.set("firstSeenAt", firstSeenAt)
        view.set("lastSeenAt", lastSeenAt)
        view.set("count", Int(self.count))
        view.set("details", .object(self.details))
        view.set("acknowledged", !self.isOpen)
        view.set("acknowledgedAt", acknowledgedAt)
        view.set("acknowledgedBy", acknowledgedBy)
        return view.object
    }
}
