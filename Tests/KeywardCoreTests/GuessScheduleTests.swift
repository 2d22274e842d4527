import KeywardCore
import Testing

@Suite("When answers to guesses go out")
struct GuessScheduleTests {
    /// The waits of answers decided at `times`, in order, on one schedule.
    static func waits(_ schedule: GuessSchedule, at times: [Double]) -> [Double] {
        var schedule = schedule
        return times.map { schedule.wait(decidedAt: $0) }
    }

    @Test("without a pace every answer waits the minimum, however many come at once")
    func minimumOnly() {
        let schedule = GuessSchedule(minimum: 0.025, perSecond: 0, maximumWait: 2)
        #expect(Self.waits(schedule, at: Array(repeating: 10, count: 1_000)).allSatisfy { $0 == 0.025 })
        #expect(schedule.holds)
        #expect(!GuessSchedule(minimum: 0, perSecond: 0, maximumWait: 2).holds)
        #expect(GuessSchedule(minimum: 0, perSecond: 10, maximumWait: 2).holds)
    }

    @Test("answers decided together leave one interval apart, the first after the minimum")
    func pace() {
        let schedule = GuessSchedule(minimum: 0.025, perSecond: 100, maximumWait: 2)
        let waits = Self.waits(schedule, at: [5, 5, 5, 5])
        #expect(zip(waits, [0.025, 0.035, 0.045, 0.055]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(waits)")
    }

    @Test("answers further apart than the interval wait only the minimum")
    func slowGuessesAreNotPaced() {
        let schedule = GuessSchedule(minimum: 0.025, perSecond: 100, maximumWait: 2)
        let waits = Self.waits(schedule, at: [1, 1.01, 1.02, 2, 60])
        #expect(waits.allSatisfy { abs($0 - 0.025) < 1e-9 }, "\(waits)")
    }

    @Test("over a long flood the node answers guesses at the pace, not at the flood's rate")
    func floodIsHeldToThePace() {
        // 10,000 guesses a second for 10 s against a pace of 1,000 a second,
        // with a cap long enough that no answer reaches it.
        var schedule = GuessSchedule(minimum: 0, perSecond: 1_000, maximumWait: 1_000)
        var releases: [Double] = []
        for index in 0..<100_000 {
            let now = Double(index) / 10_000
            releases.append(now + schedule.wait(decidedAt: now))
        }
        let last = releases.max() ?? 0
        #expect(last >= 99.9, "100,000 answers at 1,000 a second take 100 s, not \(last)")
        #expect(zip(releases, releases.dropFirst()).allSatisfy { $1 - $0 >= 0.001 - 1e-9 })
    }

    @Test("no answer waits past the cap; an answer at the cap books nothing, so the pace resumes when time passes")
    func cap() {
        var schedule = GuessSchedule(minimum: 0, perSecond: 10, maximumWait: 0.25)
        // 0, 0.1, 0.2 fit under the cap; the fourth would wait 0.3.
        let first = (0..<3).map { _ in schedule.wait(decidedAt: 0) }
        #expect(zip(first, [0, 0.1, 0.2]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(first)")
        #expect(schedule.wait(decidedAt: 0) == 0.25)
        #expect(schedule.wait(decidedAt: 0) == 0.25)
        // The next free slot is still 0.3, not pushed out by the capped answers.
        #expect(abs(schedule.wait(decidedAt: 0.1) - 0.2) < 1e-9)
        #expect(schedule.wait(decidedAt: 10) == 0)
    }

    @Test("a cap below the minimum is raised to it, and bad settings clamp")
    func settings() {
        let schedule = GuessSchedule(minimum: 0.5, perSecond: -3, maximumWait: 0.1)
        #expect(schedule.maximumWait == 0.5)
        #expect(schedule.interval == 0)
        #expect(GuessSchedule(minimum: -1, perSecond: 0, maximumWait: 1).minimum == 0)
    }
}
