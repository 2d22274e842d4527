import Foundation
import KeywardCore
import KeywardStore
import Testing

extension StoreConformance {
    /// A stand-in for sealed bytes that records the version it was made for.
    static func sealed(_ version: Int) -> SealedValue {
        sealed(version, fingerprint: [UInt8](repeating: UInt8(truncatingIfNeeded: version), count: 32))
    }

    static func sealed(_ version: Int, fingerprint: [UInt8]) -> SealedValue {
        SealedValue(ciphertext: Array("value-\(version)".utf8), wrappedDataKey: Array("key-\(version)".utf8), fingerprint: fingerprint)
    }

    static let secretCases: [Case] = [
        Case("each put adds the next version, sealed for its number; reads get the current one or any kept one") { store in
            let path = try SecretPath(parsing: "payments/stripe/live")
            let every = try DurationText(parsing: "90d")
            let first = try await store.putSecretVersion(path: path, rotateEvery: .some(every), at: RecordFixtures.epoch, by: "tok_a") { sealed($0) }
            #expect(first.version == 1)
            #expect(first.ciphertext == sealed(1).ciphertext)
            let later = RecordFixtures.epoch.addingTimeInterval(60)
            let second = try await store.putSecretVersion(path: path, rotateEvery: nil, at: later, by: "tok_b") { sealed($0) }
            #expect(second.version == 2)
            let record = try #require(try await store.secret(path: path))
            #expect(record.currentVersion == 2)
            #expect(record.rotateEvery == every, "nil keeps rotateEvery")
            #expect(record.createdAt == RecordFixtures.epoch)
            #expect(record.updatedAt == later)
            #expect(try await store.secretVersion(path: path, version: nil) == second)
            #expect(try await store.secretVersion(path: path, version: 1) == first)
            #expect(try await store.secretVersion(path: path, version: 3) == nil)
            #expect(try await store.secretVersions(path: path).map(\.version) == [2, 1])
            _ = try await store.putSecretVersion(path: path, rotateEvery: .some(nil), at: later, by: "tok_b") { sealed($0) }
            #expect(try await store.secret(path: path)?.rotateEvery == nil, ".some(nil) clears rotateEvery")
        },
        Case("64 parallel puts to one path get versions 1 to 64, each once") { store in
            let path = try SecretPath(parsing: "race/one")
            let versions = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        try await store.putSecretVersion(path: path, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { sealed($0) }.version
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(versions.sorted() == Array(1...64))
            #expect(try await store.secret(path: path)?.currentVersion == 64)
            // Each version holds what was sealed for its own number.
            for version in try await store.secretVersions(path: path) { #expect(version.ciphertext == sealed(version.version).ciphertext) }
        },
        Case("only the newest versions are kept; a delete removes the secret and every version") { store in
            let path = try SecretPath(parsing: "many/versions")
            for _ in 0..<(SecretLimits.maximumVersions + 5) {
                _ = try await store.putSecretVersion(path: path, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { sealed($0) }
            }
            let kept = try await store.secretVersions(path: path)
            #expect(kept.count == SecretLimits.maximumVersions)
            #expect(kept.last?.version == 6)
            #expect(try await store.secretVersion(path: path, version: 5) == nil)
            #expect(try await store.deleteSecret(path: path)?.currentVersion == SecretLimits.maximumVersions + 5)
            #expect(try await store.secret(path: path) == nil)
            #expect(try await store.secretVersions(path: path).isEmpty)
            #expect(try await store.deleteSecret(path: path) == nil)
            // A new secret at the path starts at version 1 again.
            #expect(try await store.putSecretVersion(path: path, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { sealed($0) }.version == 1)
        },
        Case("a list by prefix is in path order, pages, and takes the prefix literally") { store in
            for text in ["app/a", "app/b", "app/c", "app_x/d", "apq/e", "zzz"] {
                _ = try await store.putSecretVersion(path: try SecretPath(parsing: text), rotateEvery: nil, at: RecordFixtures.epoch, by: "t") {
                    sealed($0)
                }
            }
            let first = try await store.listSecrets(prefix: "app/", PageRequest(limit: 2))
            #expect(first.items.map(\.path.rawValue) == ["app/a", "app/b"])
            let next = try await store.listSecrets(prefix: "app/", PageRequest(limit: 2, cursor: first.nextCursor))
            #expect(next.items.map(\.path.rawValue) == ["app/c"])
            #expect(next.nextCursor == nil)
            #expect(try await store.listSecrets(prefix: "app_", PageRequest()).items.map(\.path.rawValue) == ["app_x/d"])
            #expect(try await store.listSecrets(prefix: "", PageRequest()).items.count == 6)
        },
        Case("secrets past their rotateEvery are found by query, most overdue first; a new version resets the clock") { store in
            let day = try DurationText(parsing: "1d")
            let week = try DurationText(parsing: "7d")
            let epoch = RecordFixtures.epoch
            _ = try await store.putSecretVersion(path: try SecretPath(parsing: "due/day"), rotateEvery: .some(day), at: epoch, by: "t") { sealed($0) }
            _ = try await store.putSecretVersion(path: try SecretPath(parsing: "due/week"), rotateEvery: .some(week), at: epoch, by: "t") {
                sealed($0)
            }
            _ = try await store.putSecretVersion(path: try SecretPath(parsing: "due/never"), rotateEvery: nil, at: epoch, by: "t") { sealed($0) }
            let tenDays = epoch.addingTimeInterval(10 * 86_400)
            #expect(try await store.secretsDueForRotation(at: epoch.addingTimeInterval(3600), limit: 10).isEmpty)
            #expect(try await store.secretsDueForRotation(at: epoch.addingTimeInterval(2 * 86_400), limit: 10).map(\.path.rawValue) == ["due/day"])
            #expect(try await store.secretsDueForRotation(at: tenDays, limit: 10).map(\.path.rawValue) == ["due/day", "due/week"])
            #expect(try await store.secretsDueForRotation(at: tenDays, limit: 1).count == 1)
            // A new value (rotateEvery kept) is due a day after it was set.
            _ = try await store.putSecretVersion(path: try SecretPath(parsing: "due/day"), rotateEvery: nil, at: tenDays, by: "t") { sealed($0) }
            #expect(try await store.secretsDueForRotation(at: tenDays, limit: 10).map(\.path.rawValue) == ["due/week"])
            let record = try #require(try await store.secret(path: try SecretPath(parsing: "due/day")))
            #expect(record.rotateEvery == day)
            #expect(record.rotationDueAt == tenDays.addingTimeInterval(86_400))
            // Clearing rotateEvery takes the secret out.
            _ = try await store.putSecretVersion(path: try SecretPath(parsing: "due/week"), rotateEvery: .some(nil), at: tenDays, by: "t") {
                sealed($0)
            }
            #expect(
                try await store.secretsDueForRotation(at: tenDays.addingTimeInterval(100 * 86_400), limit: 10).map(\.path.rawValue) == ["due/day"])
        },
        Case("versions are found by fingerprint; a compromise mark stays until the next version") { store in
            let leaked = [UInt8](repeating: 0xAB, count: 32)
            let path = try SecretPath(parsing: "leak/me")
            let other = try SecretPath(parsing: "leak/other")
            _ = try await store.putSecretVersion(path: path, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { sealed($0, fingerprint: leaked) }
            _ = try await store.putSecretVersion(path: path, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { sealed($0) }
            _ = try await store.putSecretVersion(path: other, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { sealed($0, fingerprint: leaked) }
            let found = try await store.secretVersions(fingerprint: leaked)
            #expect(found.map { "\($0.path)#\($0.version)" } == ["leak/me#1", "leak/other#1"])
            #expect(try await store.secretVersions(fingerprint: [UInt8](repeating: 0xCD, count: 32)).isEmpty)
            let marked = RecordFixtures.epoch.addingTimeInterval(60)
            let record = try #require(try await store.markSecretCompromised(path: path, at: marked, source: "repo.git@abc123:config.yml"))
            #expect(record.compromisedAt == marked)
            #expect(record.compromisedSource == "repo.git@abc123:config.yml")
            // A second report keeps the first mark.
            let again = try await store.markSecretCompromised(path: path, at: marked.addingTimeInterval(60), source: "later")
            #expect(again?.compromisedAt == marked)
            #expect(again?.compromisedSource == "repo.git@abc123:config.yml")
            #expect(try await store.markSecretCompromised(path: try SecretPath(parsing: "leak/none"), at: marked, source: "x") == nil)
            _ = try await store.putSecretVersion(path: path, rotateEvery: nil, at: marked, by: "t") { sealed($0) }
            let cleared = try #require(try await store.secret(path: path))
            #expect(cleared.compromisedAt == nil)
            #expect(cleared.compromisedSource == nil)
        },
        Case("a seal that fails stores nothing") { store in
            let path = try SecretPath(parsing: "fails/here")
            await expectError(.decryptionFailed) {
                _ = try await store.putSecretVersion(path: path, rotateEvery: nil, at: RecordFixtures.epoch, by: "t") { _ in
                    throw KeywardError(.decryptionFailed, "no keyring")
                }
            }
            #expect(try await store.secret(path: path) == nil)
        },
    ]
}
