/// When the answers to guesses (`MALFORMED`, `NOT_FOUND`, `SOURCE_BLOCKED`)
/// go out: each at least `minimum` seconds after it was decided and, when
/// `interval` is above 0, no two less than `interval` apart over the whole
/// node, so that guesses get at most `1 / interval` answers a second however
/// many connections send them (`serve --guess-rate`).
///
/// A slot is booked at most `maximumWait` seconds ahead; an answer that would
/// wait longer waits `maximumWait` and books nothing, so a flood of `C`
/// connections that each wait for their answer gets at most
/// `max(1 / interval, C / maximumWait)` answers a second, and no answer waits
/// longer than `maximumWait`.
///
/// Times are seconds on any monotonic scale; the schedule does no I/O.
public struct GuessSchedule: Sendable, Equatable {
    /// Seconds every answer to a guess waits at least.
    public let minimum: Double
    /// Seconds between two answers to guesses; 0: no pace over the node.
    public let interval: Double
    /// Seconds an answer waits at most.
    public let maximumWait: Double
    /// The earliest time the next booked answer may go out.
    private var nextFree = -Double.infinity

    public init(minimum: Double, perSecond: Int, maximumWait: Double) {
        self.minimum = max(0, minimum)
        interval = perSecond > 0 ? 1 / Double(perSecond) : 0
        self.maximumWait = max(self.minimum, maximumWait)
    }

    /// Whether any answer waits at all.
    public var holds: Bool { minimum > 0 || interval > 0 }

    /// Books the answer to a guess decided at `now`; returns the seconds it waits.
    public mutating func wait(decidedAt now: Double) -> Double {
        guard interval > 0 else { return minimum }
        let slot = max(now + minimum, nextFree)
        guard slot - now <= maximumWait else { return maximumWait }
        nextFree = slot + interval
        return slot - now
    }
}
