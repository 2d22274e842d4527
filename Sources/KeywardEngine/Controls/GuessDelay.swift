import KeywardCore
import Synchronization

/// Holds back the answers a guesser gets: every `MALFORMED`, `NOT_FOUND` and
/// `SOURCE_BLOCKED` answer leaves at least `milliseconds` late
/// (`serve --guess-delay-ms`), and, with a pace (`serve --guess-rate`), the
/// node sends at most `perSecond` of them a second (`GuessSchedule`).
/// A client with a mistyped key barely notices; a brute-force client that
/// waits for each answer before it sends the next (as HTTP/1.1 clients and
/// gateways do) guesses at most `perSecond` keys a second over all its
/// connections (or `connections / maximumWait`, past `perSecond ×
/// maximumWait` connections), and leaves the server's CPU to valid traffic.
/// Valid and refused-but-known answers (revoked, expired, rate-limited...) are
/// never held.
///
/// Memory is bounded: at most `maximumHeld` answers wait at once; past that,
/// answers go out at once (a flood that wide is met by source blocking and by
/// the server's capacity, not by delay).
public final class GuessDelay: Sendable {
    /// The longest delay `serve` accepts.
    public static let maximumMilliseconds = 1_000
    /// The highest pace `serve` accepts, answers a second.
    public static let maximumPerSecond = 1_000_000
    /// The longest an answer waits for its turn in the pace.
    public static let maximumWait = Duration.seconds(2)
    /// Answers that wait at once, at most, unless told otherwise.
    public static let defaultMaximumHeld = 10_000

    let maximumHeld: Int
    private let held = Atomic<Int>(0)
    private let schedule: Mutex<GuessSchedule>
    /// Whether any answer waits (a delay or a pace is set), read without the lock.
    private let isOn: Bool
    private let origin = ContinuousClock.now

    public init(milliseconds: Int, perSecond: Int = 0, maximumHeld: Int = defaultMaximumHeld) {
        let schedule = GuessSchedule(
            minimum: Double(max(0, min(milliseconds, Self.maximumMilliseconds))) / 1_000,
            perSecond: min(perSecond, Self.maximumPerSecond), maximumWait: Self.maximumWait.seconds)
        self.schedule = Mutex(schedule)
        isOn = schedule.holds
        self.maximumHeld = max(0, maximumHeld)
    }

    /// Answers waiting now (`keyward_guess_answers_waiting`).
    public var waiting: Int { held.load(ordering: .relaxed) }

    /// Whether answers with `code` are held back.
    static func holds(_ code: VerificationCode) -> Bool {
        code == .malformed || code == .notFound || code == .sourceBlocked
    }

    /// Whether an answer with `code` waits at all: a guess's answer, with a
    /// delay or a pace set. Asked before `hold`, so that the answers that never
    /// wait cost no async call.
    func delays(_ code: VerificationCode) -> Bool {
        isOn && Self.holds(code)
    }

    /// Waits before an answer with `code` goes out, when it is a guess's
    /// answer and fewer than `maximumHeld` wait already: the delay, or longer
    /// for its turn in the pace.
    public func hold(_ code: VerificationCode) async {
        guard delays(code) else { return }
        guard held.add(1, ordering: .relaxed).newValue <= maximumHeld else {
            held.subtract(1, ordering: .relaxed)
            return
        }
        defer { held.subtract(1, ordering: .relaxed) }
        let now = ContinuousClock.now
        let wait = schedule.withLock { $0.wait(decidedAt: (now - origin).seconds) }
        guard wait > 0 else { return }
        try? await Task.sleep(until: now + .seconds(wait), clock: .continuous)
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
