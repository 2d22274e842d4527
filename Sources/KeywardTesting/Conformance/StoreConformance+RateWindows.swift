import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    static let rateWindowCases: [Case] = [
        Case("64 parallel charges of one window with a limit of 40 admit exactly 40") { store in
            let charge = RateWindowCharge(scope: "budget", name: "per-minute", windowStart: 60_000, cost: 1, limit: 40)
            let admitted = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<64 { group.addTask { try await store.chargeRateWindows([charge]) == nil ? 0 : 1 } }
                return try await group.reduce(0, +)
            }
            #expect(admitted == 40)
        },
        Case("charges are all or none; a new window starts from zero") { store in
            let minute = RateWindowCharge(scope: "b", name: "minute", windowStart: 0, cost: 3, limit: 5)
            let hour = RateWindowCharge(scope: "b", name: "hour", windowStart: 0, cost: 3, limit: 4)
            let answer1 = try await store.chargeRateWindows([minute, hour])
            #expect(answer1 == [3, 3])
            // The hour would pass its limit: neither window is charged.
            let answer2 = try await store.chargeRateWindows([minute, hour])
            #expect(answer2 == nil)
            let answer3 = try await store.chargeRateWindows([RateWindowCharge(scope: "b", name: "minute", windowStart: 0, cost: 2, limit: 5)])
            #expect(answer3 == [5])
            let answer4 = try await store.chargeRateWindows([RateWindowCharge(scope: "b", name: "minute", windowStart: 0, cost: 1, limit: 5)])
            #expect(answer4 == nil)
            // The next window counts afresh; a cost above the limit never passes.
            let answer5 = try await store.chargeRateWindows([RateWindowCharge(scope: "b", name: "minute", windowStart: 60_000, cost: 1, limit: 5)])
            #expect(answer5 == [1])
            let answer6 = try await store.chargeRateWindows([RateWindowCharge(scope: "c", name: "minute", windowStart: 0, cost: 6, limit: 5)])
            #expect(answer6 == nil)
        },
    ]
}
