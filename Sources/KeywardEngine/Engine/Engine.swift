import Foundation
import KeywardCore
import KeywardStore
import Logging

/// Keyward's domain operations over a store, with no HTTP in sight: what the
/// server's controllers and the CLI's local commands call. One object per
/// process, made at start, holding the store, the hasher with the pepper, the
/// clock, the cached lookups and the services built on them.
public final class Engine: Sendable {
    public let store: any Store
    public let lookups: CachedLookups
    public let hasher: KeyHasher
    public let clock: any KeywardClock
    public let usage: UsageRecorder
    public let logger: Logger

    public let keyspaces: KeyspaceService
    public let keys: KeyService
    public let tokens: TokenService
    public let leaks: LeakService
    public let verifier: VerificationService

    public init(store: any Store, hasher: KeyHasher, clock: any KeywardClock = SystemClock(), logger: Logger) {
        self.store = store
        self.hasher = hasher
        self.clock = clock
        self.logger = logger
        let lookups = CachedLookups(store: store)
        self.lookups = lookups
        let usage = UsageRecorder(store: store, logger: logger)
        self.usage = usage
        let time = EngineClock(clock: clock)
        let keyspaces = KeyspaceService(store: store, time: time)
        let keys = KeyService(store: store, hasher: hasher, keyspaces: keyspaces, time: time)
        let tokens = TokenService(store: store, lookups: lookups, hasher: hasher, time: time)
        self.keyspaces = keyspaces
        self.keys = keys
        self.tokens = tokens
        self.leaks = LeakService(store: store, hasher: hasher, keys: keys, tokens: tokens, logger: logger)
        self.verifier = VerificationService(lookups: lookups, hasher: hasher, usage: usage, time: time)
    }

    /// The time now, to the millisecond (see `EngineClock`).
    public var now: Date { EngineClock(clock: clock).now }

    /// Writes what is pending (last-used times) and closes the store.
    public func shutdown() async throws {
        await usage.flush()
        try await store.close()
    }
}

/// The time now, to the millisecond: the precision the store keeps, so a
/// record reads back exactly as it was written.
public struct EngineClock: Sendable {
    let clock: any KeywardClock

    public var now: Date { Timestamp.roundedToMilliseconds(clock.now()) }
}
