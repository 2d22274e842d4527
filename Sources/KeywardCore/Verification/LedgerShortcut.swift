/// A place on a cached key where the engine's rate-limit ledger keeps what it
/// found for that key (its window counts), so that the next verification of
/// the key reaches its counts directly instead of through a dictionary lookup
/// each, which under load cost more in cache misses than the counting itself.
///
/// Only the ledger reads or writes `value`, and only while it holds its own
/// lock; that lock is what makes sharing it safe, hence the unchecked
/// `Sendable`, and why the slot is `package`: no module outside Keyward's own
/// can reach it. The ledger's dictionary stays the truth: a shortcut to a
/// count the ledger has since forgotten is never used.
package final class LedgerShortcut: @unchecked Sendable {
    package var value: AnyObject?

    package init() {}
}
