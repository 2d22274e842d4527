import Foundation
import KeywardCore

extension SQLWriter {
    /// Each window's count grows by the charge's cost only while it stays within
    /// the limit (one conditional upsert); a refusal throws, so the unit of work
    /// rolls back the charges made before it. Earlier windows of the same
    /// limit are deleted as the count moves on, so the table holds about one
    /// row per limit in use.
    func chargeRateWindows(_ charges: [RateWindowCharge]) async throws -> [Int64]? {
        var counts: [Int64] = []
        for charge in charges {
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
            counts.append(try row.int64("count"))
            try await query(
                "DELETE FROM rate_windows WHERE scope = ? AND name = ? AND window_start < ?",
                [.text(charge.scope), .text(charge.name), .integer(Int(charge.windowStart))])
        }
        return counts
    }
}

/// A charge that would pass its limit: the unit of work rolls back.
struct RateWindowRefused: Error {}
