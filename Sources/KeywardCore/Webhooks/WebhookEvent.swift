import Foundation

/// What a webhook receives (SPEC §11): `{"id", "type", "time", "alert": {…}}`,
/// written as canonical JSON (sorted keys, no spaces), so the signed bytes are
/// the same for every receiver and every attempt.
public struct WebhookEvent: Sendable, Hashable {
    /// `evt_…`, the same in every attempt.
    public var id: String
    public var alert: Alert
    /// When the alert was raised.
    public var time: Date

    public init(id: String, alert: Alert, time: Date) {
        self.id = id
        self.alert = alert
        self.time = time
    }

    public var type: AlertType { alert.type }

    public var body: [UInt8] {
        let value: JSONValue = .object([
            "id": .string(id), "type": .string(alert.type.rawValue), "time": .string(Timestamp.format(time)), "alert": alert.json,
        ])
        return Array(CanonicalJSON.text(value).utf8)
    }
}
