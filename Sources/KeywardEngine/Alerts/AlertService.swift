import Foundation
import KeywardCore
import KeywardStore
import Logging
import Synchronization

/// Stores what the detectors raise (SPEC §9) and lets operators list and
/// acknowledge it. Repeats of one type about one subject fold into the open
/// alert (count, last seen) instead of a flood of rows; once acknowledged, the
/// next occurrence opens a new alert.
public struct AlertService: Sendable {
    let store: any Store
    let audit: AuditLog
    let time: EngineClock
    let logger: Logger
    /// Who hears of every alert that was raised (the webhook dispatcher).
    let listeners: AlertListeners
    let metrics: EngineMetrics

    /// Raises `signals` in one transaction (a flood of signals is one write,
    /// not one each). A failure is logged, never thrown: the monitoring must
    /// not fail the request or the job it watches.
    @discardableResult
    public func raise(_ signals: [AlertSignal]) async -> [AlertChange] {
        guard !signals.isEmpty else { return [] }
        let raised: [AlertChange]
        do {
            raised = try await store.unitOfWork { writer in
                var raised: [AlertChange] = []
                for signal in signals { raised.append(try await writer.raiseAlert(signal, newID: RecordID.make(.alert))) }
                return raised
            }
        } catch {
            logger.error("could not store \(signals.count) alerts", metadata: ["error": "\(error)"])
            return []
        }
        for change in raised { metrics.alertRaised(change.alert.type) }
        for change in raised where change.isNew {
            logger.warning(
                "alert raised",
                metadata: ["alert": "\(change.alert.id)", "type": "\(change.alert.type.rawValue)", "subject": "\(change.alert.subject)"])
        }
        listeners.publish(raised)
        return raised
    }

    public func list(_ filter: AlertFilter, _ page: PageRequest) async throws -> Page<Alert> {
        try await store.listAlerts(filter, page)
    }

    public func get(_ id: String) async throws -> Alert {
        guard let alert = try await store.alert(id: id) else { throw Self.noAlert(id) }
        return alert
    }

    /// Acknowledges alert `id`, with an `alert.acknowledge` entry in the audit
    /// log; acknowledging it again changes nothing and writes nothing.
    public func acknowledge(_ id: String, by context: AuditContext) async throws -> Alert {
        let now = time.now
        let alert = try await audit.record { writer -> (Alert?, [AuditDraft]) in
            guard let done = try await writer.acknowledgeAlert(id: id, at: now, by: context.actor.id) else { return (nil, []) }
            guard done.isNew else { return (done.alert, []) }
            let details: [String: JSONValue] = ["type": .string(done.alert.type.rawValue), "count": .number(Double(done.alert.count))]
            return (done.alert, [context.draft("alert.acknowledge", target: id, at: now, details: details)])
        }
        guard let alert else { throw Self.noAlert(id) }
        return alert
    }

    static func noAlert(_ id: String) -> KeywardError {
        KeywardError(.notFound, "there is no alert \(id)")
    }
}

/// Subscribers to raised alerts; each is called off the request path with
/// every batch, and must not block.
public final class AlertListeners: Sendable {
    private let listeners = Mutex<[@Sendable ([AlertChange]) -> Void]>([])

    public init() {}

    public func subscribe(_ listener: @escaping @Sendable ([AlertChange]) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    func publish(_ alerts: [AlertChange]) {
        for listener in listeners.withLock({ $0 }) { listener(alerts) }
    }
}
