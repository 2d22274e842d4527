import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    static let minute0 = UsageCount.minuteStart(of: RecordFixtures.epoch)

    static func usage(_ key: String, _ keyspace: String = "ks_a", minute: Int64, _ code: VerificationCode = .valid, count: Int64)
        -> UsageCount
    {
        UsageCount(keyID: key, keyspaceID: keyspace, bucketStart: minute0 + minute * 60, code: code, count: count)
    }

    static func signal(_ type: AlertType = .revokedUse, key: String = "key_a", at seconds: Double = 0, count: Int64 = 1) -> AlertSignal {
        AlertSignal(
            type: type, keyID: key, keyspaceID: "ks_a", time: RecordFixtures.epoch.addingTimeInterval(seconds), count: count,
            details: ["code": .string("REVOKED")])
    }

    static let monitoringCases: [Case] = [
        Case("usage adds up per key, minute and code; a keyspace's usage adds up its keys") { store in
            try await store.addUsage([
                usage("key_a", minute: 0, count: 5), usage("key_a", minute: 0, .rateLimited, count: 2), usage("key_b", minute: 1, count: 7),
            ])
            try await store.addUsage([usage("key_a", minute: 0, count: 3), usage("key_c", "ks_other", minute: 0, count: 100)])
            let query = try UsageQuery(
                from: RecordFixtures.epoch, to: RecordFixtures.epoch.addingTimeInterval(180), granularity: .minute)
            let a = query.buckets(try await store.usageCounts(.key("key_a"), query))
            #expect(a[0].counts == [.valid: 8, .rateLimited: 2])
            #expect(a.dropFirst().allSatisfy { $0.total == 0 })
            let keyspace = query.buckets(try await store.usageCounts(.keyspace("ks_a"), query))
            #expect(keyspace[0].counts == [.valid: 8, .rateLimited: 2])
            #expect(keyspace[1].counts == [.valid: 7])
            let hourly = try UsageQuery(from: RecordFixtures.epoch, to: RecordFixtures.epoch.addingTimeInterval(180), granularity: .hour)
            #expect(hourly.buckets(try await store.usageCounts(.keyspace("ks_a"), hourly)).map(\.total).reduce(0, +) == 17)
        },
        Case("a batch of 450 keys, one bucket of it given twice, adds up every count") { store in
            var batch = (0..<450).map { usage("key_\($0)", minute: 0, count: Int64($0 + 1)) }
            batch.append(usage("key_7", minute: 0, count: 1_000))
            try await store.addUsage(batch)
            let query = try UsageQuery(from: RecordFixtures.epoch, to: RecordFixtures.epoch.addingTimeInterval(60), granularity: .minute)
            #expect(query.buckets(try await store.usageCounts(.key("key_7"), query))[0].counts == [.valid: 1_008])
            #expect(query.buckets(try await store.usageCounts(.key("key_449"), query))[0].counts == [.valid: 450])
            #expect(query.buckets(try await store.usageCounts(.keyspace("ks_a"), query))[0].total == 450 * 451 / 2 + 1_000)
        },
        Case("64 parallel batches to one key and minute add up exactly") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 { group.addTask { try await store.addUsage([usage("key_a", minute: 0, count: 3)]) } }
                try await group.waitForAll()
            }
            let query = try UsageQuery(from: RecordFixtures.epoch, to: RecordFixtures.epoch.addingTimeInterval(60), granularity: .minute)
            #expect(query.buckets(try await store.usageCounts(.key("key_a"), query))[0].counts == [.valid: 192])
        },
        Case("compaction rolls old minutes into hours without losing a count, and deletes what is past retention") { store in
            let hourStart = (minute0 / 3600) * 3600
            try await store.addUsage([
                UsageCount(keyID: "key_a", keyspaceID: "ks_a", bucketStart: hourStart - 7200, code: .valid, count: 1),
                UsageCount(keyID: "key_a", keyspaceID: "ks_a", bucketStart: hourStart, code: .valid, count: 4),
                UsageCount(keyID: "key_a", keyspaceID: "ks_a", bucketStart: hourStart + 60, code: .valid, count: 6),
                UsageCount(keyID: "key_a", keyspaceID: "ks_a", bucketStart: hourStart + 3600, code: .valid, count: 9),
            ])
            let removed = try await store.compactUsage(rollUpBefore: hourStart + 3600, deleteBefore: hourStart - 3600)
            #expect(removed == 4, "three minutes rolled up, one hour deleted")
            let query = try UsageQuery(
                from: Date(timeIntervalSince1970: Double(hourStart - 7200)), to: Date(timeIntervalSince1970: Double(hourStart + 7200)),
                granularity: .hour)
            let hours = query.buckets(try await store.usageCounts(.key("key_a"), query)).map(\.total)
            #expect(hours == [0, 0, 10, 9])
            let minutes = try UsageQuery(
                from: Date(timeIntervalSince1970: Double(hourStart)), to: Date(timeIntervalSince1970: Double(hourStart + 120)), granularity: .minute)
            #expect(
                minutes.buckets(try await store.usageCounts(.key("key_a"), minutes)).map(\.total) == [10, 0], "the hour's count sits at its start")
            #expect(
                try await store.compactUsage(rollUpBefore: hourStart + 3600, deleteBefore: hourStart - 3600) == 0, "a second run has nothing to do")
        },
        Case("a network is new once per key, and only alerts for a key with history") { store in
            let t0 = RecordFixtures.epoch
            func sighting(_ key: String, _ network: String, _ seconds: Double) -> KeyNetworkSighting {
                KeyNetworkSighting(keyID: key, keyspaceID: "ks_a", network: network, time: t0.addingTimeInterval(seconds))
            }
            // The first network of a key is its history, never an alert.
            #expect(try await store.noteKeyNetworks([sighting("key_a", "10.0.0.0/24", 0)], historySince: t0).isEmpty)
            // A second network within the history period: remembered, no alert (the key is new).
            #expect(try await store.noteKeyNetworks([sighting("key_a", "10.0.1.0/24", 60)], historySince: t0.addingTimeInterval(-60)).isEmpty)
            // A day later: a third network alerts once, a known one never.
            let later = t0.addingTimeInterval(86_400)
            let fresh = try await store.noteKeyNetworks(
                [sighting("key_a", "198.51.100.0/24", 86_400), sighting("key_a", "10.0.0.0/24", 86_400)],
                historySince: later.addingTimeInterval(-86_400))
            #expect(fresh.map(\.network) == ["198.51.100.0/24"])
            #expect(try await store.noteKeyNetworks([sighting("key_a", "198.51.100.0/24", 86_401)], historySince: later).isEmpty)
            // Another key's history is its own.
            #expect(try await store.noteKeyNetworks([sighting("key_b", "198.51.100.0/24", 86_400)], historySince: later).isEmpty)
        },
        Case("repeats of one type about one subject fold into one open alert; after an acknowledgement the next opens a new one") { store in
            let first = try await store.raiseAlert(signal(at: 0), newID: "alr_1")
            #expect(first.isNew)
            let again = try await store.raiseAlert(signal(at: 30, count: 4), newID: "alr_2")
            #expect(!again.isNew)
            #expect(again.alert.id == "alr_1")
            #expect(again.alert.count == 5)
            #expect(again.alert.firstSeenAt == RecordFixtures.epoch)
            #expect(again.alert.lastSeenAt == RecordFixtures.epoch.addingTimeInterval(30))
            #expect(again.alert.severity == .high)
            // Another type, or another key, is another alert.
            #expect(try await store.raiseAlert(signal(.newNetwork, at: 31), newID: "alr_3").isNew)
            #expect(try await store.raiseAlert(signal(key: "key_b", at: 32), newID: "alr_4").isNew)
            let acknowledged = try #require(
                try await store.acknowledgeAlert(id: "alr_1", at: RecordFixtures.epoch.addingTimeInterval(40), by: "tok_x"))
            #expect(acknowledged.isNew)
            #expect(acknowledged.alert.acknowledgedBy == "tok_x")
            let twice = try #require(try await store.acknowledgeAlert(id: "alr_1", at: RecordFixtures.epoch.addingTimeInterval(50), by: "tok_y"))
            #expect(!twice.isNew)
            #expect(twice.alert.acknowledgedBy == "tok_x", "the first acknowledgement stands")
            #expect(try await store.acknowledgeAlert(id: "alr_none", at: RecordFixtures.epoch, by: "tok_x") == nil)
            let reopened = try await store.raiseAlert(signal(at: 60), newID: "alr_5")
            #expect(reopened.isNew)
            #expect(reopened.alert.id == "alr_5")
            #expect(reopened.alert.count == 1)
        },
        Case("64 parallel raises of one signal make one alert with count 64") { store in
            let ids = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<64 { group.addTask { try await store.raiseAlert(signal(at: Double(index)), newID: "alr_\(index)").isNew } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(ids.filter { $0 }.count == 1)
            let page = try await store.listAlerts(AlertFilter(), PageRequest())
            #expect(page.items.count == 1)
            #expect(page.items.first?.count == 64)
        },
        Case("16 parallel acknowledgements of one alert: exactly one acknowledges it, and its actor stands") { store in
            _ = try await store.raiseAlert(signal(), newID: "alr_race")
            let results = try await withThrowingTaskGroup(of: AlertChange?.self) { group in
                for index in 0..<16 {
                    group.addTask { try await store.acknowledgeAlert(id: "alr_race", at: RecordFixtures.epoch, by: "tok_\(index)") }
                }
                return try await group.reduce(into: [AlertChange?]()) { $0.append($1) }
            }
            let winners = results.compactMap { $0 }.filter(\.isNew)
            #expect(winners.count == 1)
            #expect(try await store.alert(id: "alr_race")?.acknowledgedBy == winners.first?.alert.acknowledgedBy)
        },
        Case("alerts list newest first, filtered by open, type and key, in pages") { store in
            for index in 0..<5 { _ = try await store.raiseAlert(signal(key: "key_\(index)", at: Double(index)), newID: "alr_\(index)") }
            _ = try await store.raiseAlert(signal(.rateSpike, key: "key_0", at: 10), newID: "alr_spike")
            _ = try await store.acknowledgeAlert(id: "alr_1", at: RecordFixtures.epoch, by: "tok_x")
            let first = try await store.listAlerts(AlertFilter(), PageRequest(limit: 4))
            #expect(first.items.map(\.id) == ["alr_spike", "alr_4", "alr_3", "alr_2"])
            let second = try await store.listAlerts(AlertFilter(), PageRequest(limit: 4, cursor: first.nextCursor))
            #expect(second.items.map(\.id) == ["alr_1", "alr_0"])
            #expect(second.nextCursor == nil)
            #expect(try await store.listAlerts(AlertFilter(openOnly: true), PageRequest()).items.count == 5)
            #expect(try await store.listAlerts(AlertFilter(type: .rateSpike), PageRequest()).items.map(\.id) == ["alr_spike"])
            #expect(try await store.listAlerts(AlertFilter(keyID: "key_0"), PageRequest()).items.map(\.id) == ["alr_spike", "alr_0"])
            #expect(try await store.alert(id: "alr_3")?.details == ["code": .string("REVOKED")])
            #expect(try await store.alert(id: "alr_missing") == nil)
        },
    ]
}
