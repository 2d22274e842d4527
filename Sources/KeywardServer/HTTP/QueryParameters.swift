import Hummingbird
import KeywardCore
import KeywardStore

/// Typed reads of query parameters, with errors naming the parameter.
extension Request {
    func queryString(_ name: String, maxLength: Int = 256) throws(KeywardError) -> String? {
        guard let value = uri.queryParameters[Substring(name)] else { return nil }
        guard value.count <= maxLength else { throw KeywardError(.invalidField, "longer than \(maxLength) characters", field: name) }
        return String(value)
    }

    /// `true` or `false` (nil when absent).
    func queryBool(_ name: String) throws(KeywardError) -> Bool? {
        switch try queryString(name, maxLength: 8) {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw KeywardError(.invalidField, "expected true or false", field: name)
        }
    }

    /// `limit` and `cursor` of a list request.
    func pageRequest(cursorMaxLength: Int = 64) throws(KeywardError) -> PageRequest {
        var limit = PageRequest.defaultLimit
        if let text = try queryString("limit", maxLength: 8) {
            guard let value = Int(text), (1...PageRequest.maximumLimit).contains(value) else {
                throw KeywardError(.invalidField, "expected a whole number from 1 to \(PageRequest.maximumLimit)", field: "limit")
            }
            limit = value
        }
        let cursor = try queryString("cursor", maxLength: cursorMaxLength)
        if let cursor, cursor.isEmpty || !cursor.utf8.allSatisfy({ Base62.isDigit($0) || $0 == UInt8(ascii: "_") }) {
            throw KeywardError(.invalidCursor, "not a cursor returned by a list", field: "cursor")
        }
        return PageRequest(limit: limit, cursor: cursor)
    }
}
