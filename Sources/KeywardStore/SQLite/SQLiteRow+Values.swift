import Foundation
import KeywardCore
import SQLiteNIO

/// Typed reads of columns; a missing or mistyped column is a damaged store.
extension SQLiteRow {
    func string(_ name: String) throws -> String {
        guard let value = column(name)?.string else { throw damaged(name) }
        return value
    }

    func optionalString(_ name: String) -> String? {
        guard let value = column(name), !value.isNull else { return nil }
        return value.string
    }

    func int(_ name: String) throws -> Int {
        guard let value = column(name)?.integer else { throw damaged(name) }
        return value
    }

    func int64(_ name: String) throws -> Int64 {
        Int64(try int(name))
    }

    func optionalInt64(_ name: String) -> Int64? {
        guard let value = column(name), !value.isNull, let number = value.integer else { return nil }
        return Int64(number)
    }

    func bool(_ name: String) throws -> Bool {
        try int(name) != 0
    }

    func date(_ name: String) throws -> Date {
        RecordCoding.date(millis: Int64(try int(name)))
    }

    func optionalDate(_ name: String) -> Date? {
        guard let value = column(name), !value.isNull, let millis = value.integer else { return nil }
        return RecordCoding.date(millis: Int64(millis))
    }

    func bytes(_ name: String) throws -> [UInt8] {
        guard var buffer = column(name)?.blob else { throw damaged(name) }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func optionalBytes(_ name: String) -> [UInt8]? {
        guard let value = column(name), !value.isNull, var buffer = value.blob else { return nil }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    func keyHash(_ name: String) throws -> KeyHash {
        guard let hash = KeyHash(bytes: try bytes(name)) else { throw damaged(name) }
        return hash
    }

    private func damaged(_ column: String) -> KeywardError {
        KeywardError(.storageFailure, "the stored column \(column) is missing or damaged")
    }
}

extension SQLiteData {
    static func optional(_ text: String?) -> SQLiteData {
        text.map { .text($0) } ?? .null
    }

    static func optional(_ date: Date?) -> SQLiteData {
        date.map { .time($0) } ?? .null
    }

    static func time(_ date: Date) -> SQLiteData {
        .integer(Int(RecordCoding.millis(date)))
    }

    static func bool(_ value: Bool) -> SQLiteData {
        .integer(value ? 1 : 0)
    }

    static func hash(_ hash: KeyHash) -> SQLiteData {
        .blob(ByteBuffer(bytes: hash.bytes))
    }
}
