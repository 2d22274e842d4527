/// An assignment found around a keyword: `name = "value"`, `name: value`,
/// `"name": "value"`, `name := value`, `name => value`, `NAME=value`.
struct Assignment {
    /// The variable or field name, as written.
    var name: String
    var valueRange: Range<Int>
    var quoted: Bool
    /// Whether the operator was `:` and the name opens its line (YAML, not a Swift
    /// type annotation or a labelled argument).
    var isColonOutsideLineStart = false

    /// The assignment whose name contains the keyword at `keywordStart`, if any.
    static func find(in bytes: ScanBytes, keywordAt keywordStart: Int, keywordLength: Int) -> Assignment? {
        let nameSet = ByteSet.word.union(ByteSet("-."))
        var nameStart = keywordStart
        while nameStart > 0, keywordStart - nameStart < 64, nameSet.contains(bytes[nameStart - 1]) { nameStart -= 1 }
        var nameEnd = keywordStart + keywordLength
        while nameEnd < bytes.count, nameEnd - nameStart < 96, nameSet.contains(bytes[nameEnd]) { nameEnd += 1 }
        let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
        var index = nameEnd
        // The closing quote of a quoted key (`"password": …`) and a bracket (`['token'] = …`).
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1 }
        index = skipSpaces(bytes, from: index)
        guard let afterOperator = skipOperator(bytes, at: index) else { return nil }
        let colon = bytes[index] == UInt8(ascii: ":") && afterOperator == index + 1
        index = skipSpaces(bytes, from: afterOperator)
        // A type annotation (`token: String = "…"`): skip the type when an `=` follows it.
        if bytes[afterOperator - 1] == UInt8(ascii: ":"), index < bytes.count, ByteSet.upper.contains(bytes[index]) {
            var typeEnd = index
            while typeEnd < bytes.count, ByteSet.word.contains(bytes[typeEnd]) || bytes[typeEnd] == UInt8(ascii: "?") { typeEnd += 1 }
            let next = skipSpaces(bytes, from: typeEnd)
            // A space before `=`, as code is written: `password: QPSA59=AAjG` is a YAML value, not a type.
            if next > typeEnd, next < bytes.count, bytes[next] == UInt8(ascii: "=") { index = skipSpaces(bytes, from: next + 1) }
        }
        guard index < bytes.count else { return nil }
        let opening = bytes[index]
        if opening == UInt8(ascii: "\"") || opening == UInt8(ascii: "'") || opening == UInt8(ascii: "`") {
            let start = index + 1
            var end = start
            while end < bytes.count, end - start <= 300, bytes[end] != opening, bytes[end] != 0x0A {
                if bytes[end] == UInt8(ascii: "\\") { return nil }  // escapes: not a plain literal
                end += 1
            }
            guard end < bytes.count, bytes[end] == opening else { return nil }
            return Assignment(name: name, valueRange: start..<end, quoted: true)
        }
        // `#` is a comment only after a space (YAML, shell, INI), which stops the value first:
        // inside a word it is part of the value (`password: Xk29#pQ`).
        let stop = ByteSet(" \t\r\n,;)]}\"'`")
        var end = index
        while end < bytes.count, end - index <= 300, !stop.contains(bytes[end]) { end += 1 }
        guard end > index else { return nil }
        // A parameter or argument (`f(token: Kind?)`) or an optional type is code, not a value.
        if end < bytes.count, bytes[end] == UInt8(ascii: ")") { return nil }
        if bytes[end - 1] == UInt8(ascii: "?") || bytes[end - 1] == UInt8(ascii: "!") { return nil }
        // `NAME=value` opening its line (or after `export `), no spaces around `=`: a shell
        // or dotenv literal, never an expression, so it is judged like a quoted value.
        let literal = isShellAssignment(bytes, name: name, nameStart: nameStart, nameEnd: nameEnd, valueStart: index)
        var assignment = Assignment(name: name, valueRange: index..<end, quoted: literal)
        assignment.isColonOutsideLineStart = colon && !opensLine(bytes, at: nameStart)
        return assignment
    }

    /// `DB_PASSWORD=value` or `export DB_PASSWORD=value` at the start of a line: an
    /// upper-case name, `=` right after it and the value right after that.
    private static func isShellAssignment(_ bytes: ScanBytes, name: String, nameStart: Int, nameEnd: Int, valueStart: Int) -> Bool {
        guard valueStart == nameEnd + 1, bytes[nameEnd] == UInt8(ascii: "="),
            name.utf8.allSatisfy({ ByteSet.upper.contains($0) || ByteSet.digits.contains($0) || $0 == UInt8(ascii: "_") }),
            name.utf8.contains(where: ByteSet.upper.contains)
        else { return false }
        var start = nameStart
        let export = Array("export ".utf8)
        if start >= export.count, bytes[(start - export.count)..<start].elementsEqual(export) { start -= export.count }
        return start == 0 || bytes[start - 1] == 0x0A
    }

    /// Whether only spaces, `- ` or a quote stand between the line start and `position`.
    private static func opensLine(_ bytes: ScanBytes, at position: Int) -> Bool {
        var index = position
        while index > 0 {
            let byte = bytes[index - 1]
            if byte == 0x0A { return true }
            guard byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") else {
                return false
            }
            index -= 1
        }
        return true
    }

    private static func skipSpaces(_ bytes: ScanBytes, from start: Int) -> Int {
        var index = start
        while index < bytes.count, index - start < 16, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index
    }

    /// `=`, `:`, `:=`, `=>`, `?=`, `||=`; not `==`, `!=`, `<=`, `>=`.
    private static func skipOperator(_ bytes: ScanBytes, at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        func byte(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        switch bytes[index] {
        case UInt8(ascii: "="):
            if byte(1) == UInt8(ascii: "=") { return nil }
            return byte(1) == UInt8(ascii: ">") ? index + 2 : index + 1
        case UInt8(ascii: ":"):
            if byte(1) == UInt8(ascii: ":") { return nil }
            return byte(1) == UInt8(ascii: "=") ? index + 2 : index + 1
        case UInt8(ascii: "?"), UInt8(ascii: "|"):
            if byte(1) == UInt8(ascii: "=") { return index + 2 }
            if byte(1) == bytes[index], byte(2) == UInt8(ascii: "=") { return index + 3 }
            return nil
        default:
            return nil
        }
    }

    /// The words of the name, lower-cased, split at separators and case changes.
    var nameWords: [String] { ValueWords.split(name, splitAfterDigits: true) }
}
