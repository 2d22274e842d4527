import Foundation
import KeywardCore

/// Conversions shared by the backends between records and column values:
/// times as whole milliseconds since 1970, lists and objects as JSON text.
enum RecordCoding {
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    static func json(_ scopes: [Scope]) -> String {
        json(scopes.map(\.rawValue))
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, arrays and JSON values cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func scopes(json text: String) throws -> [Scope] {
        try decode([String].self, text).map { text throws(KeywardError) in try Scope(parsing: text) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw KeywardError(.storageFailure, "a stored \(T.self) value is damaged")
        }
    }
}
