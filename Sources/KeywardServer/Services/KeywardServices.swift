import Foundation
import KeywardCore
import KeywardStore
import Logging

/// Everything a request handler needs, made once at start: the store, the
/// hasher holding the pepper, the clock, and the caches in front of the store.
public final class KeywardServices: Sendable {
    public let store: any Store
    let hasher: KeyHasher
    let clock: any KeywardClock
    let keyCache = VerificationCache<VerifiableKey>()
    let tokenCache = VerificationCache<TokenRecord>()
    let usage: UsageRecorder
    let logger: Logger

    public init(store: any Store, hasher: KeyHasher, clock: any KeywardClock = SystemClock(), logger: Logger) {
        self.store = store
        self.hasher = hasher
        self.clock = clock
        self.logger = logger
        self.usage = UsageRecorder(store: store, logger: logger)
    }

    /// The time now, to the millisecond: the precision the store keeps, so a
    /// record reads back exactly as it was written.
    var now: Date { Timestamp.roundedToMilliseconds(clock.now()) }
}

extension KeywardServices {
    /// Writes pending last-used times now (tests and shutdown).
    public func usageFlushForTesting() async {
        await usage.flush()
    }
}
