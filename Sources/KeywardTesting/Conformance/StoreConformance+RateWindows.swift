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
        Case("counts come back in the order given; requests naming two limits in opposite orders side by side charge both or neither") { store in
            let early = RateWindowCharge(scope: "a", name: "hour", windowStart: 0, cost: 5, limit: 1_000)
            #expect(try await store.chargeRateWindows([early]) == [5])
            let late = RateWindowCharge(scope: "z", name: "hour", windowStart: 0, cost: 1, limit: 1_000)
            var again = early
            again.cost = 1
            #expect(try await store.chargeRateWindows([late, again]) == [1, 6])

            let wide = RateWindowCharge(scope: "shared", name: "a-wide", windowStart: 0, cost: 1, limit: 1_000)
            let narrow = RateWindowCharge(scope: "shared", name: "b-narrow", windowStart: 0, cost: 1, limit: 40)
            let admitted = try await withThrowingTaskGroup(of: Int.self) { group in
                for caller in 0..<64 {
                    let charges = caller % 2 == 0 ? [wide, narrow] : [narrow, wide]
                    group.addTask { try await store.chargeRateWindows(charges) == nil ? 0 : 1 }
                }
                return try await group.reduce(0, +)
            }
            #expect(admitted == 40)
            var peek = wide
            peek.cost = 0
            #expect(try await store.chargeRateWindows([peek]) == [40], "a refused request charged neither limit")
        },
    ]
}
