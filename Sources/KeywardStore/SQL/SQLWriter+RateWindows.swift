import Foundation
import KeywardCore

extension SQLWriter {
    /// Each window's count grows by the charge's cost only while it stays within
    /// the limit (one conditional upsert); a refusal throws, so the unit of work
    /// rolls back the charges made before it. Rows are charged in the order of
    /// their keys, so two requests sharing limits lock them in the same order.
    /// A window's first charge deletes the earlier windows of its limit, so the
    /// table holds about one row per limit in use. Counts come back in the
    /// order of `charges`.
    func chargeRateWindows(_ charges: [RateWindowCharge]) async throws -> [Int64]? {
        var counts = [Int64](repeating: 0, count: charges.count)
        let order = charges.indices.sorted { a, b in
            (charges[a].scope, charges[a].name, charges[a].windowStart) < (charges[b].scope, charges[b].name, charges[b].windowStart)
        }
        for index in order {
            let charge = charges[index]
            guard charge.cost <= charge.limit else { throw RateWindowRefused() }
            let rows = try await query(
                """
                INSERT INTO rate_windows (scope, name, window_start, count) VALUES (?, ?, ?, ?)
                ON CONFLICT (scope, name, window_start) DO UPDATE SET count = rate_windows.count + excluded.count
                WHERE rate_windows.count + excluded.count <= ?
                RETURNING count
                """,
                [.text(charge.scope), .text(charge.name), .integer(Int(charge.windowStart)), .integer(Int(charge.cost)), .integer(Int(charge.limit))])
            guard let row = rows.first else { throw RateWindowRefused() }
            counts[index] = try row.int64("count")
            // Not the window's first charge: its predecessors are gone already.
            guard counts[index] == charge.cost else { continue }
            try await query(
                "DELETE FROM rate_windows WHERE scope = ? AND name = ? AND window_start < ?",
                [.text(charge.scope), .text(charge.name), .integer(Int(charge.windowStart))])
        }
        return counts
    }
}

/// A charge that would pass its limit: the unit of work rolls back.
struct RateWindowRefused: Error {}
