import KeywardCore

/// Whether a gateway's original URI carries a key in its query string, seen
/// after percent-decoding (so `%5F` for `_` hides nothing).
enum KeyInURL {
    static func occurs(inURI uri: String) -> Bool {
        guard let question = uri.firstIndex(of: "?") else { return false }
        let query = uri[uri.index(after: question)...]
        if KeyShape.occurs(in: query) { return true }
        guard query.contains("%") else { return false }
        return KeyShape.occurs(in: percentDecoded(query)[...])
    }

    /// Decodes every valid `%XX` and keeps anything else as it is (a stray `%`
    /// must not make the decoding fail and the check pass).
    static func percentDecoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = Hex.value(iterator[iterator.startIndex]), let low = Hex.value(iterator[iterator.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                iterator.removeFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
