import Foundation
import KeywardCore

/// Text for people: a record as aligned `field: value` lines, a list as one
/// line per item.
enum Render {
    static func value(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: "-"
        case .string(let text)?: text
        case .bool(let flag)?: flag ? "yes" : "no"
        case .number(let number)?: number.rounded() == number ? String(Int(number)) : String(number)
        case .array(let items)?: items.isEmpty ? "-" : items.map { Render.value($0) }.joined(separator: " ")
        case .object(let members)?: members.isEmpty ? "-" : String(decoding: JSONBodyText.encode(.object(members)), as: UTF8.self)
        }
    }

    /// A field's value, with the shapes people read in their own words.
    static func field(_ name: String, _ value: JSONValue?) -> String {
        switch (name, value) {
        case ("ratelimits", .array(let items)?) where !items.isEmpty:
            return items.map { item in
                guard case .object(let limit) = item else { return Render.value(item) }
                // A verify answer's limit: its name and what is left, no window.
                if limit["window"] == nil {
                    return
                        "\(Render.value(limit["name"])) (\(Render.value(limit["remaining"])) of \(Render.value(limit["limit"])) left, resets \(Render.value(limit["resetAt"])))"
                }
                let text = "\(Render.value(limit["limit"]))/\(Render.value(limit["window"]))" + (limit["per"] == .string("owner") ? ":owner" : "")
                return limit["name"].map { Render.value($0) } == text ? text : "\(Render.value(limit["name"]))=\(text)"
            }.joined(separator: ", ")
        case ("quota", .object(let quota)?):
            var text = "\(Render.value(quota["remaining"])) uses left"
            if case .object(let refill)? = quota["refill"] {
                text += ", refilled to \(Render.value(refill["amount"])) \(Render.value(refill["interval"])) at 00:00 UTC"
            }
            return text
        default:
            return Render.value(value)
        }
    }

    static func record(_ object: [String: JSONValue], fields: [String]) -> String {
        let width = fields.map(\.count).max() ?? 0
        return fields.map { name in
            name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + field(name, object[name])
        }.joined(separator: "\n")
    }

    /// One line per item of `{"items": […]}` with the given columns, and a hint
    /// for the next page.
    static func list(_ object: [String: JSONValue], columns: [String]) -> String {
        guard case .array(let items)? = object["items"] else { return "" }
        var rows = [columns.map { $0.uppercased() }]
        for case .object(let item) in items { rows.append(columns.map { value(item[$0]) }) }
        let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        if items.isEmpty { lines.append("(none)") }
        if case .string(let cursor)? = object["nextCursor"] { lines.append("more: --cursor \(cursor)") }
        return lines.joined(separator: "\n")
    }
}

enum JSONBodyText {
    static func encode(_ value: JSONValue) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array((try? encoder.encode(value)) ?? Data())
    }
}

/// Lines to standard output, written at once (not buffered), so a supervisor
/// or a test reading the output sees them as they happen.
