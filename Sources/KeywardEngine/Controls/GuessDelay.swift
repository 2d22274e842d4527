import KeywardCore
import Synchronization

/// Holds back the answers a guesser gets: every `MALFORMED`, `NOT_FOUND` and
/// `SOURCE_BLOCKED` answer leaves `delay` late (`serve --guess-delay-ms`).
/// A client with a mistyped key barely notices; a brute-force client that
/// waits for each answer before it sends the next (as HTTP/1.1 clients and
/// gateways do) guesses at most `connections / delay` keys a second, and
/// leaves the server's CPU to valid traffic. Valid and refused-but-known
/// answers (revoked, expired, rate-limited...) are never held.
///
/// Memory is bounded: at most `maximumHeld` answers wait at once; past that,
/// answers go out at once (a flood that wide is met by source blocking and by
/// the server's capacity, not by delay).
public final class GuessDelay: Sendable {
    /// The longest delay `serve` accepts.
    public static let maximumMilliseconds = 1_000
    /// Answers that wait at once, at most, unless told otherwise.
    public static let defaultMaximumHeld = 10_000

    let delay: Duration
    let maximumHeld: Int
    private let held = Atomic<Int>(0)

    public init(milliseconds: Int, maximumHeld: Int = defaultMaximumHeld) {
        delay = .milliseconds(max(0, min(milliseconds, Self.maximumMilliseconds)))
        self.maximumHeld = max(0, maximumHeld)
    }

    /// Whether answers with `code` are held back.
    static func holds(_ code: VerificationCode) -> Bool {
        code == .malformed || code == .notFound || code == .sourceBlocked
    }

    /// Waits `delay` before an answer with `code` goes out, when it is a guess's
    /// answer and fewer than `maximumHeld` wait already.
    public func hold(_ code: VerificationCode) async {
        guard delay > .zero, Self.holds(code) else { return }
        guard held.add(1, ordering: .relaxed).newValue <= maximumHeld else {
            held.subtract(1, ordering: .relaxed)
            return
        }
        defer { held.subtract(1, ordering: .relaxed) }
        try? await Task.sleep(for: delay)
    }
}
