import KeywardCore
import KeywardEngine
import Testing

@Suite("Answers to guesses held back")
struct GuessDelayTests {
    static let delay = Duration.milliseconds(1_000)

    /// How long each of `count` holds of `code`, run side by side, took.
    static func holds(_ count: Int, of code: VerificationCode, on guesses: GuessDelay) async -> [Duration] {
        await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<count {
                group.addTask { await ContinuousClock().measure { await guesses.hold(code) } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("at most maximumHeld answers wait at once; the rest go out at once, and the count frees again")
    func boundedWaiting() async {
        let guesses = GuessDelay(milliseconds: 1_000, maximumHeld: 2)
        let times = await Self.holds(5, of: .notFound, on: guesses)
        #expect(times.filter { $0 >= Self.delay }.count == 2, "\(times)")
        #expect(times.filter { $0 < Self.delay }.count == 3, "\(times)")
        // Both waits ended: the next guesses wait again.
        let again = await Self.holds(2, of: .malformed, on: guesses)
        #expect(again.allSatisfy { $0 >= Self.delay }, "\(again)")
    }

    @Test("with a pace, answers to guesses that come together leave one interval apart; other answers do not wait")
    func pace() async {
        let guesses = GuessDelay(milliseconds: 0, perSecond: 10)
        let times = await Self.holds(5, of: .notFound, on: guesses).sorted()
        // 10 a second: 0, 100, 200, 300 and 400 ms, less the moments between the holds' starts.
        for (index, time) in times.enumerated() {
            #expect(time >= .milliseconds(100 * index - 20), "answer \(index) left after \(time): \(times)")
        }
        #expect(await Self.holds(1, of: .valid, on: guesses)[0] < .milliseconds(100))
    }

    @Test("only guesses' answers wait, and a delay of 0 holds nothing", arguments: VerificationCode.allCases)
    func whichAnswersWait(code: VerificationCode) async {
        let held = await Self.holds(1, of: code, on: GuessDelay(milliseconds: 1_000))
        let guess = code == .malformed || code == .notFound || code == .sourceBlocked
        #expect((held[0] >= Self.delay) == guess, "\(code) took \(held[0])")
        #expect(await Self.holds(1, of: code, on: GuessDelay(milliseconds: 0))[0] < Self.delay)
    }
}
