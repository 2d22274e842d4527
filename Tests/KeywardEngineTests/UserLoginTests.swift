import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore
import KeywardTesting
import KeywardVault
import Logging
import Testing

@Suite("User logins", .serialized)
struct UserLoginTests {
    static func withEngine(_ users: UserPolicy, _ body: (Engine, ManualClock) async throws -> Void) async throws {
        let folder = try TemporaryFolder("keyward-users")
        defer { folder.remove() }
        let store = try await SQLiteStore.open(path: folder.file("keyward.db"))
        let clock = ManualClock(Date(timeIntervalSince1970: 1_790_000_000))
        let source = MasterKeySource(environmentValue: MasterKey.generate().base64, keyFile: folder.file("unused.key"))
        let engine = try await Engine.open(store: store, masterKeySource: source, clock: clock, users: users, logger: Logger(label: "test")).engine
        do {
            try await body(engine, clock)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    @Test("an unknown user's login takes as long as a known user's wrong password (medians of 50, within 20%)")
    func timing() async throws {
        var policy = UserPolicy(bcryptCost: 10, lockoutFailures: 1_000)
        policy.passwordCPUShare = 1
        try await Self.withEngine(policy) { engine, _ in
            _ = try await engine.users.create(name: "known", role: .reader, password: "a-long-enough-phrase", by: .system)
            var known: [Double] = []
            var unknown: [Double] = []
            let clock = ContinuousClock()
            for round in 0..<100 {
                let name = round.isMultiple(of: 2) ? "known" : "nobody-\(round)"
                let started = clock.now
                await #expect(throws: KeywardError.self) { _ = try await engine.users.login(name: name, password: "wrong-wrong-wrong", client: nil) }
                let elapsed = clock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                if round.isMultiple(of: 2) { known.append(seconds) } else { unknown.append(seconds) }
            }
            let ratio = Self.median(unknown) / Self.median(known)
            #expect(ratio > 0.8 && ratio < 1.2, "unknown/known median login time \(ratio)")
        }
    }

    @Test("the stored hash is bcrypt of a peppered HMAC: no password in it, and bytes past bcrypt's 72 still count")
    func hashing() async throws {
        try await Self.withEngine(UserPolicy(bcryptCost: 4)) { engine, _ in
            let long = String(repeating: "horse-battery-", count: 8)
            let user = try await engine.users.create(name: "longpass", role: .reader, password: long + "A", by: .system)
            #expect(user.passwordHash.hasPrefix("$2"))
            #expect(!user.passwordHash.contains("horse"))
            await #expect(throws: KeywardError.self) { _ = try await engine.users.login(name: "longpass", password: long + "B", client: nil) }
            #expect(try await engine.users.login(name: "longpass", password: long + "A", client: nil).user.id == user.id)
        }
    }

    @Test("failures from one address count against it: past the source limit, logins from it are refused for the block")
    func sourceBlocking() async throws {
        try await Self.withEngine(UserPolicy(bcryptCost: 4)) { engine, clock in
            _ = try await engine.users.create(name: "victim", role: .reader, password: "a-long-enough-phrase", by: .system)
            let attacker = IPAddress("203.0.113.9")
            var refusal: KeywardError?
            for round in 0..<60 where refusal?.code != .loginSourceBlocked {
                do {
                    _ = try await engine.users.login(name: "guess-\(round)", password: "wrong-wrong-wrong", client: attacker)
                } catch let error as KeywardError {
                    refusal = error
                }
            }
            #expect(refusal?.code == .loginSourceBlocked)
            #expect((refusal?.retryAfter ?? 0) > 0)
            #expect(
                try await engine.users.login(name: "victim", password: "a-long-enough-phrase", client: IPAddress("198.51.100.1")).user.name
                    == "victim")
            clock.advance(by: 16 * 60)
            #expect(try await engine.users.login(name: "victim", password: "a-long-enough-phrase", client: attacker).user.name == "victim")
        }
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test(
        "refused passwords name the field and never repeat the password",
        arguments: [
            "short-pw-1", "Password123456!", "qwertyuiop1234", "aaaaaaaaaaaaaaaa", "alice-in-wonderland", String(repeating: "x1y2", count: 300),
        ])
    func refused(password: String) {
        #expect(throws: KeywardError.self) { try PasswordPolicy.check(password, userName: "alice") }
        do {
            try PasswordPolicy.check(password, userName: "alice")
        } catch {
            #expect(error.field == "password")
            #expect(!error.message.contains(password))
        }
    }

    @Test("long, uncommon passwords pass", arguments: ["correct-mule-7-staple", "ünïcødé pass phrase", "Tr0ub4dor&3-extended"])
    func accepted(password: String) throws {
        try PasswordPolicy.check(password, userName: "alice")
    }
}
