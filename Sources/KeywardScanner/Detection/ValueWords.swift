/// Splits a value into words at `_`, `-`, `.`, `:`, `,`, `@`, spaces and lower-to-upper case
/// changes. Digits stay inside their word, so a random string such as `x9fastK9`
/// gives `x9fast` and `K9`, never the stop word `fast`.
enum ValueWords {
    /// - Parameter splitAfterDigits: also split where an upper-case letter follows a
    ///   digit (`Base64Url` → `base64`, `url`): right for names, wrong for random values.
    static func split(_ value: String, splitAfterDigits: Bool = false) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var previous: UInt8 = 0
        for byte in value.utf8 {
            let isSeparator = "_-. :,@".utf8.contains(byte)
            let caseChange =
                (ByteSet.lower.contains(previous) || (splitAfterDigits && ByteSet.digits.contains(previous))) && ByteSet.upper.contains(byte)
            if isSeparator || caseChange {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self).lowercased()) }
                current = []
            }
            if !isSeparator { current.append(byte) }
            previous = byte
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self).lowercased()) }
        return words
    }
}
