import Foundation
import KeywardCore
import KeywardStore
import KeywardTesting
import Synchronization

/// A store that counts the verification lookups, to prove what never reaches
/// storage (malformed keys) and what the cache answers.
final class CountingStore: ForwardingStore, @unchecked Sendable {
    private let lookups = Mutex(0)

    var keyLookups: Int { lookups.withLock { $0 } }

    override func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        lookups.withLock { $0 += 1 }
        return try await base.verifiableKey(hash: hash)
    }
}

/// A store whose key lookups fail once `failing` is set, as a store that lost
/// its disk or its database server would.
final class FailingStore: ForwardingStore, @unchecked Sendable {
    private let state = Mutex(false)

    var failing: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }

    override func verifiableKey(hash: KeyHash) async throws -> VerifiableKey? {
        if failing { throw KeywardError(.storageFailure, "disk I/O error (test)") }
        return try await base.verifiableKey(hash: hash)
    }
}
