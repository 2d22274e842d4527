import Foundation
import KeywardCore

/// A value bound to a statement or read from a column, as both backends
/// store it: integers (times as milliseconds, flags as 0 and 1), text (JSON
/// for lists and objects) and bytes.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int)
    case text(String)
    case blob([UInt8])

    static func optional(_ text: String?) -> SQLValue {
        text.map { .text($0) } ?? .null
    }

    static func optional(_ date: Date?) -> SQLValue {
        date.map { .time($0) } ?? .null
    }

    static func time(_ date: Date) -> SQLValue {
        .integer(Int(RecordCoding.millis(date)))
    }

    static func bool(_ value: Bool) -> SQLValue {
        .integer(value ? 1 : 0)
    }

    static func hash(_ hash: KeyHash) -> SQLValue {
        .blob(hash.bytes)
    }
}
