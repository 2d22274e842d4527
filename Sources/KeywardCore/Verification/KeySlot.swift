/// A place on a cached key where one engine component keeps what it found for
/// that key (the rate-limit ledger its window counts, the usage recorder its
/// counters for the minute), so that the next verification of the key reaches
/// them directly instead of through dictionary lookups, which under load cost
/// more in cache misses than the counting itself.
///
/// Each slot has one owner, which reads or writes `value` only while it holds
/// its own lock; that lock is what makes sharing it safe, hence the unchecked
/// `Sendable`, and why the slot is `package`: no module outside Keyward's own
/// can reach it. The owner's dictionaries stay the truth: what a slot holds is
/// used only while the owner says it is current.
package final class KeySlot: @unchecked Sendable {
    package var value: AnyObject?

    package init() {}
}
