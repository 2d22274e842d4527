/// The count of one rate limit over a sliding window, exact in the direction
/// that protects the API: in no interval of length `window` does it admit more
/// than `limit` units.
///
/// The window is cut into 60 slots. A use is counted in the slot it falls in
/// and released when that whole slot has left the window, so each use counts
/// for at least `window` and at most `window + window / 60` (a minute window
/// releases a use 60 to 61 s after it). That is the only error: a caller may
/// wait up to one slot longer than a log of every use would make it wait,
/// never shorter. Memory is at most 60 slots, whatever the limit.
///
/// Times are whole milliseconds; the type does no I/O and reads no clock.
public struct SlidingWindow: Sendable, Equatable {
    public static let slotsPerWindow: Int64 = 60

    /// The limit may change (a PATCH); what was counted stays counted.
    public var limit: Int64
    public let windowMillis: Int64
    let slotMillis: Int64
    /// Slots with uses, oldest first: (slot index, units).
    private var slots: [(index: Int64, units: Int64)] = []
    /// The units of `slots`, summed.
    public private(set) var used: Int64 = 0

    public init(limit: Int64, windowMillis: Int64) {
        self.limit = limit
        self.windowMillis = max(1, windowMillis)
        self.slotMillis = max(1, self.windowMillis / Self.slotsPerWindow)
    }

    public static func == (lhs: SlidingWindow, rhs: SlidingWindow) -> Bool {
        lhs.limit == rhs.limit && lhs.windowMillis == rhs.windowMillis && lhs.used == rhs.used
            && lhs.slots.elementsEqual(rhs.slots) { $0.index == $1.index && $0.units == $1.units }
    }

    /// When the uses of slot `index` leave the window.
    func release(of index: Int64) -> Int64 { (index + 1) * slotMillis + windowMillis }

    /// Drops the slots that have left the window at `now`.
    public mutating func advance(to now: Int64) {
        // Nearly always nothing has left: one comparison, no iteration.
        guard let oldest = slots.first, release(of: oldest.index) <= now else { return }
        var dropped = 0
        for slot in slots {
            guard release(of: slot.index) <= now else { break }
            used -= slot.units
            dropped += 1
        }
        if dropped > 0 { slots.removeFirst(dropped) }
    }

    /// The units left at `now` (after `advance(to:)`).
    public var remaining: Int64 { max(0, limit - used) }

    /// Whether `cost` more units fit now (after `advance(to:)`).
    public func admits(_ cost: Int64) -> Bool { cost <= limit - used }

    /// Counts `cost` units at `now`; the caller checked `admits` first.
    public mutating func charge(_ cost: Int64, at now: Int64) {
        guard cost > 0 else { return }
        let index = now / slotMillis
        if let last = slots.last, last.index >= index {
            slots[slots.count - 1].units += cost
        } else {
            slots.append((index, cost))
        }
        used += cost
    }

    /// When `cost` units will fit, at the earliest (after `advance(to:)`): now
    /// when they fit already; nil when they never can (`cost` above `limit`).
    public func freeAt(_ cost: Int64, now: Int64) -> Int64? {
        guard cost <= limit else { return nil }
        var free = limit - used
        if cost <= free { return now }
        for slot in slots {
            free += slot.units
            if cost <= free { return release(of: slot.index) }
        }
        return now
    }

    /// When the oldest counted use leaves the window (the next moment
    /// `remaining` grows); `now` when nothing is counted.
    public func nextRelease(now: Int64) -> Int64 {
        slots.first.map { release(of: $0.index) } ?? now
    }

    /// Whether nothing is counted any more: the state can be forgotten.
    public var isIdle: Bool { slots.isEmpty }
}
