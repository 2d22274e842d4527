import Dispatch
import Foundation
import HummingbirdBcrypt
import KeywardCore
import Synchronization

/// Passwords as the store keeps them: bcrypt (cost `cost`, at least 12 by
/// default) of the base64 of `HMAC-SHA256(pepper, "keyward-password" ‖ 0 ‖ password)`.
/// The HMAC makes every password 44 bytes, within bcrypt's 72, so no byte
/// of a long password is ignored, and a copy of the database alone cannot
/// test guesses: the pepper lives in the key hierarchy.
///
/// bcrypt costs about a quarter of a second of one core at cost 12, so it runs
/// on one serial queue of its own, and after each hash that queue rests so that
/// bcrypt takes at most `cpuShare` of one core: logins wait for each other,
/// never for the cores that verification needs (measured in docs/benchmarks.md).
/// At most `maximumWaiting` wait; past that a login is refused as busy.
final class PasswordHashing: Sendable {
    static let maximumWaiting = 64
    let cost: UInt8
    let cpuShare: Double
    private let hasher: KeyHasher
    private let queue = DispatchQueue(label: "keyward.bcrypt", qos: .userInitiated)
    private let waiting = Atomic<Int>(0)
    /// The hash an unknown user's password is checked against, so a login costs
    /// the same whether the user exists or not: a bcrypt string of the same cost
    /// with a random salt and digest, which no password matches and whose check
    /// does the full work (no hash computed to make it).
    private let decoy: String

    init(hasher: KeyHasher, cost: UInt8, cpuShare: Double) {
        self.hasher = hasher
        self.cost = cost
        self.cpuShare = min(1, max(0.01, cpuShare))
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let body = String((0..<53).map { _ in alphabet.randomElement() ?? "." })
        decoy = "$2b$" + (cost < 10 ? "0" : "") + String(cost) + "$" + body
    }

    func hash(_ password: String) async throws -> String {
        let prepared = prepare(password)
        let cost = cost
        return try await run { Bcrypt.hash(prepared, cost: cost) }
    }

    /// Whether `password` is the one `hash` was made of; `hash` nil checks a
    /// decoy of the same cost and answers false.
    func verify(_ password: String, against hash: String?) async throws -> Bool {
        let prepared = prepare(password)
        let target = hash ?? decoy
        let matches = try await run { Bcrypt.verify(prepared, hash: target) }
        return matches && hash != nil
    }

    private func prepare(_ password: String) -> String {
        Data(hasher.hash(secret: "keyward-password\u{0}" + password).bytes).base64EncodedString()
    }

    private func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        guard waiting.add(1, ordering: .relaxed).newValue <= Self.maximumWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            throw KeywardError(.loginBusy, "too many logins at once; try again in a moment", retryAfter: 1)
        }
        defer { waiting.subtract(1, ordering: .relaxed) }
        let share = cpuShare
        return await withCheckedContinuation { continuation in
            queue.async {
                let started = DispatchTime.now().uptimeNanoseconds
                let result = work()
                continuation.resume(returning: result)
                // The rest that keeps bcrypt within its share of a core; the next hash waits for it.
                let spent = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                if share < 1 { Thread.sleep(forTimeInterval: spent * (1 / share - 1)) }
            }
        }
    }
}

extension KeywardError.Code {
    /// More logins wait for a password check than the server queues (429).
    public static let loginBusy = Self("LOGIN_BUSY", .throttled)
}
