import Foundation

/// A receiver of alerts (SPEC §9, §11): every new alert of the types it asked
/// for is POSTed to its URL, signed with its secret.
public struct Webhook: Sendable, Hashable {
    public var id: String
    public var url: WebhookURL
    /// The alert types it receives; nil: every type (SPEC §9).
    public var events: [AlertType]?
    public var createdAt: Date
    /// The token that created it.
    public var createdBy: String?

    public init(id: String, url: WebhookURL, events: [AlertType]?, createdAt: Date, createdBy: String?) {
        self.id = id
        self.url = url
        self.events = events
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// Whether an alert of `type` goes to this receiver.
    public func receives(_ type: AlertType) -> Bool {
        events?.contains(type) ?? true
    }

    /// The most webhooks a store holds: each new alert is one delivery to each.
    public static let maximumCount = 100

    /// Parses `--events` / `"events"`: a list of alert type names, at least one,
    /// each once; a wrong name is an `INVALID_FIELD` naming `field` and the list.
    public static func parseEvents(_ names: [String], field: String) throws(KeywardError) -> [AlertType] {
        guard !names.isEmpty else {
            throw KeywardError(.invalidField, "give at least one alert type, or leave the field out for every type", field: field)
        }
        guard names.count <= AlertType.allCases.count * 4 else {
            throw KeywardError(.invalidField, "at most \(AlertType.allCases.count * 4) alert types", field: field)
        }
        var types: [AlertType] = []
        for name in names {
            let type = try AlertType(parsing: name.trimmingCharacters(in: .whitespaces), field: field)
            if !types.contains(type) { types.append(type) }
        }
        return types
    }
}

/// One attempt to deliver an event to a webhook, as `webhook deliveries` lists it.
public struct WebhookDelivery: Sendable, Hashable {
    /// How an attempt ended.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The receiver answered 2xx.
        case delivered
        /// It answered otherwise, timed out or could not be reached; another attempt follows.
        case failed
        /// The last attempt failed and the retry time is spent: no more attempts.
        case gaveUp = "gave_up"
        /// The URL's host resolved to an address the policy refuses (link-local, metadata).
        case refused
    }

    public var webhookID: String
    /// The event's `id`, the same in every attempt (receivers deduplicate by it).
    public var eventID: String
    public var alertID: String
    public var type: AlertType
    /// 1 for the first attempt.
    public var attempt: Int
    public var attemptedAt: Date
    public var outcome: Outcome
    /// The receiver's HTTP status, when it answered.
    public var statusCode: Int?
    /// What went wrong, in words (never the secret or the body).
    public var error: String?
    public var durationMilliseconds: Int

    public init(
        webhookID: String, eventID: String, alertID: String, type: AlertType, attempt: Int, attemptedAt: Date, outcome: Outcome,
        statusCode: Int?, error: String?, durationMilliseconds: Int
    ) {
        self.webhookID = webhookID
        self.eventID = eventID
        self.alertID = alertID
        self.type = type
        self.attempt = attempt
        self.attemptedAt = attemptedAt
        self.outcome = outcome
        self.statusCode = statusCode
        self.error = error
        self.durationMilliseconds = durationMilliseconds
    }

    /// The newest attempts kept per webhook; older ones are deleted as new ones are recorded.
    public static let keptPerWebhook = 1000
}
