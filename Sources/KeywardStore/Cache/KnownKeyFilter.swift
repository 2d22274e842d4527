import KeywardCore
import Synchronization

/// A Bloom filter over the hash of every key in the store, so a well-formed
/// key that matches nothing (a brute-force guess) is `NOT_FOUND` without a
/// store read: a flood of made-up keys then costs what a valid key costs.
///
/// A filter never says "absent" for a key it was told about; it says "maybe"
/// for about 1 in 370 keys it was not (16 bits and 4 probes per key), and
/// those go to the store as before. The hashes are HMAC outputs, so their
/// bytes are the probes. Memory: 2 bits per possible key, 16 per key held, at
/// least 128 KiB (4 MiB for a million keys).
///
/// The four probes of a key fall in one 64-byte block (a blocked Bloom
/// filter): a lookup reads one cache line, not four. Every valid key is
/// probed four times on every verification, and under load each probe of a
/// plain filter missed the CPU caches; the price is a little more crowding in
/// some blocks (about 1 in 370 instead of 1 in 460 at the design's fill).
///
/// It hears every new key through the change feed before the key is handed
/// out. Until it is built, after a change of every hash (the pepper), and when
/// it could not be built, it answers "maybe" for every key.
public final class KnownKeyFilter: Sendable {
    struct Bits {
        var words: [UInt64]
        var count = 0

        init(capacity: Int) {
            var bits = 1 << 20
            while bits < capacity * 16 { bits <<= 1 }
            words = Array(repeating: 0, count: bits / 64)
        }

        var bitCount: Int { words.count * 64 }
        /// Filled past its design: time for a larger one.
        var isCrowded: Bool { count * 16 > bitCount }

        /// Words in a block: 8 of 64 bits, one cache line.
        static let blockWords = 8

        /// The first word of `hash`'s block (from its first word), and probe
        /// `index` (0 to 3) within the block: 9 bits of its second word each.
        func block(of hash: KeyHash) -> Int {
            (Int(truncatingIfNeeded: hash.word(0)) & (words.count / Self.blockWords - 1)) * Self.blockWords
        }

        static func probe(_ index: Int, of hash: KeyHash) -> (word: Int, mask: UInt64) {
            let bit = Int(truncatingIfNeeded: hash.word(1) >> UInt64(index * 9)) & 511
            return (bit >> 6, 1 << UInt64(bit & 63))
        }

        mutating func insert(_ hash: KeyHash) {
            let block = block(of: hash)
            for index in 0..<4 {
                let (word, mask) = Self.probe(index, of: hash)
                words[block + word] |= mask
            }
            count += 1
        }

        /// No allocation: this runs on every verification.
        func mightContain(_ hash: KeyHash) -> Bool {
            let block = block(of: hash)
            for index in 0..<4 {
                let (word, mask) = Self.probe(index, of: hash)
                if words[block + word] & mask == 0 { return false }
            }
            return true
        }
    }

    struct State {
        var bits: Bits?
        /// Hashes heard while a rebuild reads the store, added to its result.
        var heard: [KeyHash]?
        var rebuilding = false
        /// Counts `invalidateAll` calls: a rebuild that read the store across one starts again.
        var epoch = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// False only when no key in the store has this hash.
    public func mightContain(_ hash: KeyHash) -> Bool {
        state.withLock { state in state.bits?.mightContain(hash) ?? true }
    }

    /// Notes a key's hash; true when the filter is crowded and should be rebuilt larger.
    @discardableResult
    public func insert(_ hash: KeyHash) -> Bool {
        state.withLock { state in
            state.heard?.append(hash)
            state.bits?.insert(hash)
            return state.bits?.isCrowded == true && !state.rebuilding
        }
    }

    /// Forgets everything (every hash changed): "maybe" until the next rebuild.
    public func invalidateAll() {
        state.withLock { state in
            state.bits = nil
            state.epoch += 1
            if state.heard != nil { state.heard = [] }
        }
    }

    /// Reads every key's hash from the store, in pages, into a new filter sized
    /// for twice as many, and puts it in place. The old filter answers meanwhile.
    public func rebuild(from store: any StoreReader, pageSize: Int = 10_000) async throws {
        var epoch = state.withLock { state -> Int? in
            guard !state.rebuilding else { return nil }
            state.rebuilding = true
            state.heard = []
            return state.epoch
        }
        do {
            while let started = epoch {
                var hashes: [KeyHash] = []
                var after: KeyHash?
                while true {
                    let page = try await store.keyHashes(after: after, limit: pageSize)
                    hashes += page
                    guard page.count == pageSize, let last = page.last else { break }
                    after = last
                }
                var bits = Bits(capacity: max(hashes.count, 1) * 2)
                for hash in hashes { bits.insert(hash) }
                epoch = state.withLock { state -> Int? in
                    // Every hash changed while the store was read: read it again.
                    guard state.epoch == started else {
                        state.heard = []
                        return state.epoch
                    }
                    for hash in state.heard ?? [] { bits.insert(hash) }
                    state.bits = bits
                    state.heard = nil
                    state.rebuilding = false
                    return nil
                }
            }
        } catch {
            state.withLock { state in
                state.heard = nil
                state.rebuilding = false
            }
            throw error
        }
    }

    /// The hashes the filter was built for and has heard of since (for tests).
    public var count: Int? { state.withLock { $0.bits?.count } }
}
