import Foundation
import KeywardCore

/// Draws a usage answer (SPEC §5) in the terminal: one sparkline per code that
/// occurred, each scaled to its own peak, with its total and peak, in at most
/// `maximumColumns` columns (adjacent buckets add up when there are more).
enum UsageChart {
    static let maximumColumns = 72
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The answer's `buckets` as a list of per-code counts.
    static func counts(of answer: [String: JSONValue]) -> [[String: Int64]] {
        guard case .array(let buckets)? = answer["buckets"] else { return [] }
        return buckets.map { bucket in
            guard case .object(let counts)? = bucket.objectValue?["counts"] else { return [:] }
            return counts.compactMapValues { value in
                if case .number(let number) = value { return Int64(number) }
                return nil
            }
        }
    }

    static func render(_ answer: [String: JSONValue], subject: String) -> String {
        let buckets = counts(of: answer)
        let granularity = answer["granularity"]?.stringValue ?? "minute"
        let from = answer["from"]?.stringValue ?? "?"
        let to = answer["to"]?.stringValue ?? "?"
        let perColumn = max(1, (buckets.count + maximumColumns - 1) / maximumColumns)
        var lines = ["\(subject): verifications from \(from) to \(to), \(buckets.count) \(granularity)s"]
        if perColumn > 1 { lines[0] += ", \(perColumn) per column" }
        // VALID first, then the refusals in the order the checks run.
        let ordered = [VerificationCode.valid] + VerificationCode.allCases.filter { $0 != .valid }
        let codes = ordered.map(\.rawValue).filter { code in buckets.contains { ($0[code] ?? 0) > 0 } }
        guard !codes.isEmpty else { return (lines + ["no verifications in this range"]).joined(separator: "\n") }
        let width = codes.map(\.count).max() ?? 0
        var total: Int64 = 0
        for code in codes {
            let columns = stride(from: 0, to: buckets.count, by: perColumn).map { start in
                buckets[start..<min(start + perColumn, buckets.count)].reduce(Int64(0)) { $0 + ($1[code] ?? 0) }
            }
            let sum = columns.reduce(0, +)
            total += sum
            let name = code.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(name)  \(sparkline(columns))  total \(sum), peak \(columns.max() ?? 0)")
        }
        lines.append("\(total) verifications")
        return lines.joined(separator: "\n")
    }

    /// A bar per value scaled to the largest; a space for zero, and the lowest bar for any count above it.
    static func sparkline(_ values: [Int64]) -> String {
        let peak = values.max() ?? 0
        guard peak > 0 else { return String(repeating: " ", count: values.count) }
        return String(
            values.map { value -> Character in
                guard value > 0 else { return " " }
                let level = Int((Double(value) / Double(peak) * Double(bars.count - 1)).rounded())
                return bars[min(bars.count - 1, max(0, level))]
            })
    }

    /// The granularity for a range of `seconds`: minutes up to 6 hours, hours up to 7 days, then days.
    static func granularity(for seconds: Double) -> UsageGranularity {
        if seconds <= 6 * 3600 { return .minute }
        if seconds <= 7 * 86_400 { return .hour }
        return .day
    }
}
