import Foundation
import KeywardCore

/// One row of a result, by column name, whichever backend read it.
struct SQLRow: Sendable {
    let names: [String]
    let values: [SQLValue]

    func column(_ name: String) -> SQLValue? {
        guard let index = names.firstIndex(of: name) else { return nil }
        return values[index]
    }
}

/// Typed reads of columns; a missing or mistyped column is a damaged store.
extension SQLRow {
    func string(_ name: String) throws -> String {
        guard case .text(let value) = column(name) else { throw damaged(name) }
        return value
    }

    func optionalString(_ name: String) -> String? {
        guard case .text(let value) = column(name) else { return nil }
        return value
    }

    func int(_ name: String) throws -> Int {
        guard case .integer(let value) = column(name) else { throw damaged(name) }
        return value
    }

    func int64(_ name: String) throws -> Int64 {
        Int64(try int(name))
    }

    func optionalInt64(_ name: String) -> Int64? {
        guard case .integer(let value) = column(name) else { return nil }
        return Int64(value)
    }

    func bool(_ name: String) throws -> Bool {
        try int(name) != 0
    }

    func date(_ name: String) throws -> Date {
        RecordCoding.date(millis: Int64(try int(name)))
    }

    func optionalDate(_ name: String) -> Date? {
        guard case .integer(let millis) = column(name) else { return nil }
        return RecordCoding.date(millis: Int64(millis))
    }

    func bytes(_ name: String) throws -> [UInt8] {
        guard case .blob(let bytes) = column(name) else { throw damaged(name) }
        return bytes
    }

    func optionalBytes(_ name: String) -> [UInt8]? {
        guard case .blob(let bytes) = column(name) else { return nil }
        return bytes
    }

    func keyHash(_ name: String) throws -> KeyHash {
        guard let hash = KeyHash(bytes: try bytes(name)) else { throw damaged(name) }
        return hash
    }

    private func damaged(_ column: String) -> KeywardError {
        KeywardError(.storageFailure, "the stored column \(column) is missing or damaged")
    }
}
