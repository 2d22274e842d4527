/// Finds strings that have the shape of a key (prefix, `_`, 49 base62
/// characters), checksum right or wrong. Used to refuse keys in URLs, where
/// they end up in access logs and browser histories.
public enum KeyShape {
    /// Whether `text` contains a key-shaped run.
    public static func occurs(in text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "_"), hasKeyBody(bytes, after: index), hasPrefix(bytes, before: index) {
                return true
            }
            index += 1
        }
        return false
    }

    private static func hasKeyBody(_ bytes: [UInt8], after separator: Int) -> Bool {
        let end = separator + 1 + APIKey.bodyLength
        guard end <= bytes.count else { return false }
        for index in (separator + 1)..<end where !Base62.isDigit(bytes[index]) { return false }
        // A longer base62 run is some other token, not a key.
        return end == bytes.count || !Base62.isDigit(bytes[end])
    }

    /// The last prefix segment before `_`: a lower-case letter and 1 to 15 more of a-z, 0-9.
    private static func hasPrefix(_ bytes: [UInt8], before separator: Int) -> Bool {
        var start = separator
        while start > 0 {
            let byte = bytes[start - 1]
            let isLowerOrDigit = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            guard isLowerOrDigit else { break }
            start -= 1
        }
        let length = separator - start
        guard length >= 2, length <= 16 else { return false }
        return bytes[start] >= UInt8(ascii: "a") && bytes[start] <= UInt8(ascii: "z")
    }
}
