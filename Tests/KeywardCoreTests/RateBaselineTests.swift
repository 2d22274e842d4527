import KeywardCore
import Testing

@Suite("Rate-spike baseline")
struct RateBaselineTests {
    static let rule = RateBaseline.Rule(factor: 10, minimumRequests: 100, warmUpMinutes: 60, halfLifeMinutes: 60)

    /// A baseline fed `perMinute` for `minutes` minutes from minute 0.
    static func steady(_ perMinute: Int64, minutes: Int64) -> RateBaseline {
        var baseline = RateBaseline(startingAt: 0)
        for minute in 0..<minutes {
            let spike = baseline.observe(minute: minute, count: perMinute, rule: rule)
            #expect(!spike)
        }
        return baseline
    }

    @Test("a minute more than ten times the baseline is a spike; ten times or less is not")
    func threshold() {
        var baseline = Self.steady(20, minutes: 240)
        #expect(abs(baseline.average - 20) < 0.5)
        var probe = baseline
        let spike1 = probe.observe(minute: 240, count: 199, rule: Self.rule)
        #expect(!spike1, "199 is below 10 × 20")
        let spike2 = baseline.observe(minute: 240, count: 260, rule: Self.rule)
        #expect(spike2)
    }

    @Test("no spike before the warm-up, nor below the minimum request count")
    func warmUpAndMinimum() {
        var young = Self.steady(1, minutes: 30)
        let spike3 = young.observe(minute: 30, count: 5_000, rule: Self.rule)
        #expect(!spike3, "watched for 30 minutes only")
        var quiet = Self.steady(1, minutes: 240)
        let spike4 = quiet.observe(minute: 240, count: 99, rule: Self.rule)
        #expect(!spike4, "99 is under the minimum of 100")
        let spike5 = quiet.observe(minute: 241, count: 100, rule: Self.rule)
        #expect(spike5)
    }

    @Test("silent minutes lower the baseline with its half-life, so a return to the old rate after a long pause is a spike")
    func silence() {
        var baseline = Self.steady(50, minutes: 120)
        var later = baseline
        let spike6 = later.observe(minute: 180, count: 50, rule: Self.rule)
        #expect(!spike6)
        #expect(abs(later.average - 25.4) < 1, "an hour of silence halves the average, then 50 moves it up a little")
        let spike7 = baseline.observe(minute: 120 + 600, count: 150, rule: Self.rule)
        #expect(spike7, "after ten silent hours the baseline is near 0")
    }

    @Test("a spike moves the baseline up only by its weight, and an old minute changes nothing")
    func spikeWeight() {
        var baseline = Self.steady(10, minutes: 120)
        let before = baseline.average
        let spike8 = baseline.observe(minute: 120, count: 10_000, rule: Self.rule)
        #expect(spike8)
        #expect(baseline.average < before + 0.012 * 10_000)
        let after = baseline.average
        let spike9 = baseline.observe(minute: 100, count: 1_000_000, rule: Self.rule)
        #expect(!spike9)
        #expect(baseline.average == after)
    }
}
