/// One `NAME=VALUE` assignment read from a `.env` file.
public struct DotenvEntry: Sendable, Hashable {
    /// The variable name (`DB_PASSWORD`), without any `export`.
    public let name: String
    /// The value after quotes and escapes are resolved.
    public let value: String
    /// The 1-based line on which the entry (its name) starts.
    public let line: Int

    public init(name: String, value: String, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}

/// Reads the text of a `.env` file into its assignments, in file order, for
/// `keyward secret import FILE.env`. Pure: the caller reads the file.
///
/// The rules follow what python-dotenv, docker compose and bash users expect:
///
/// - Blank lines, and lines whose first non-blank character is `#`, are ignored.
///   Lines end with `\n` or `\r\n`; outside quotes the `\r` is dropped. A UTF-8
///   byte order mark at the very start is skipped.
/// - An entry is `NAME=VALUE`, optionally preceded by `export` and spaces or
///   tabs. Spaces and tabs are allowed around `=`. `NAME` is a POSIX shell name,
///   `[A-Za-z_][A-Za-z0-9_]*`, at most 128 bytes. (`export =x` sets `export`.)
/// - An unquoted value runs to the end of the line, or to a `#` that follows a
///   space or tab (a comment); trailing spaces and tabs are trimmed. `A=` is an
///   empty value; `A=abc#def` keeps `abc#def`; `A= #c` is empty with a comment.
/// - `'...'` is literal: no escapes, and it may span several lines.
/// - `"..."` understands `\n`, `\r`, `\t`, `\"`, `\\` and `\$` (a `$`); any other
///   backslash is kept with the character after it. It may span several lines.
/// - In both quote styles every byte between the quotes is kept, line breaks
///   included as written (a `\r\n` inside quotes stays `\r\n`). The quote must be
///   closed, and after it only spaces, tabs and an optional `# comment` may follow.
/// - There is no interpolation: `${OTHER}` and `$OTHER` are kept as written.
/// - A name set twice is an error naming both lines: an import must never
///   silently drop a value.
///
/// Bounds: the input is at most `maximumBytes` (1 MiB), valid UTF-8 without NUL
/// bytes; at most `maximumEntries` entries; a value at most `maximumValueBytes`
/// (the vault's limit).
///
/// Every failure is an `INVALID_DOTENV` error whose message names the 1-based
/// line and what is wrong. Messages may name a variable, never a value: the
/// text in the name position is quoted only when it looks like a mistyped name
/// (`9X`, `MY-VAR`), never when it could be a stray line of a value.
public enum DotenvParser {
    /// The largest input accepted, in bytes (1 MiB).
    public static let maximumBytes = 1 << 20
    /// The most entries one file may hold.
    public static let maximumEntries = 10_000
    /// The longest variable name, in bytes.
    public static let maximumNameBytes = 128
    /// The longest value, in bytes: what the vault holds.
    public static let maximumValueBytes = SecretLimits.maximumValueBytes

    /// Parses `text` as a `.env` file; see the type's documentation for the rules.
    public static func parse(_ text: String) throws(KeywardError) -> [DotenvEntry] {
        try parse(Array(text.utf8))
    }

    /// Parses the bytes of a `.env` file; see the type's documentation for the rules.
    public static func parse(_ bytes: [UInt8]) throws(KeywardError) -> [DotenvEntry] {
        guard bytes.count <= maximumBytes else {
            throw KeywardError(.invalidDotenv, "the file is larger than 1 MiB (\(maximumBytes) bytes)")
        }
        try checkEncoding(bytes)
        var parser = Parser(bytes: bytes)
        return try parser.run()
    }

    /// Refuses a NUL byte or invalid UTF-8, naming the line it is on.
    private static func checkEncoding(_ bytes: [UInt8]) throws(KeywardError) {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                } else if scalar == "\0" {
                    throw KeywardError(.invalidDotenv, "line \(line): the file contains a NUL byte")
                }
            case .emptyInput:
                return
            case .error:
                throw KeywardError(.invalidDotenv, "line \(line): the text is not valid UTF-8")
            }
        }
    }
}

extension KeywardError.Code {
    /// A `.env` file that breaks the rules of `DotenvParser`.
    public static let invalidDotenv = Self("INVALID_DOTENV", .invalidInput)
}

/// The state of one parse: where it is in the bytes and on which line.
private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let hash = UInt8(ascii: "#")
    static let equals = UInt8(ascii: "=")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let export = Array("export".utf8)

    func fail(_ line: Int, _ message: String) -> KeywardError {
        KeywardError(.invalidDotenv, "line \(line): \(message)")
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    /// Whether a line ends at `position`: `\n`, `\r\n`, a `\r` that ends the input, or the end.
    func isLineEnd(_ position: Int) -> Bool {
        guard position < bytes.count else { return true }
        if bytes[position] == Self.newline { return true }
        return bytes[position] == Self.carriageReturn && (position + 1 == bytes.count || bytes[position + 1] == Self.newline)
    }

    /// The position of the next `\n` at or after `position`, or the end of the input.
    func endOfLine(from position: Int) -> Int {
        var end = position
        while end < bytes.count, bytes[end] != Self.newline { end += 1 }
        return end
    }

    mutating func skipBlanks() {
        while index < bytes.count, Self.isBlank(bytes[index]) { index += 1 }
    }

    mutating func run() throws(KeywardError) -> [DotenvEntry] {
        var entries: [DotenvEntry] = []
        var lineOfName: [String: Int] = [:]
        while index < bytes.count {
            skipBlanks()
            if isLineEnd(index) {
                guard index < bytes.count else { break }
                index = endOfLine(from: index)
                if index < bytes.count {
                    index += 1
                    line += 1
                }
                continue
            }
            if bytes[index] == Self.hash {
                index = endOfLine(from: index)
                continue
            }
            let entryLine = line
            let (name, value) = try entry()
            guard value.count <= DotenvParser.maximumValueBytes else {
                throw fail(entryLine, "the value of \(name) is longer than \(DotenvParser.maximumValueBytes) bytes")
            }
            if let earlier = lineOfName[name] {
                throw fail(entryLine, "\(name) is also set on line \(earlier)")
            }
            guard entries.count < DotenvParser.maximumEntries else {
                throw fail(entryLine, "the file has more than \(DotenvParser.maximumEntries) entries")
            }
            lineOfName[name] = entryLine
            entries.append(DotenvEntry(name: name, value: String(decoding: value, as: UTF8.self), line: entryLine))
        }
        return entries
    }

    /// Reads `[export] NAME = VALUE` from the first non-blank byte of a line up
    /// to (not past) the end of the line the value ends on.
    mutating func entry() throws(KeywardError) -> (String, [UInt8]) {
        let lineEnd = endOfLine(from: index)
        guard let equals = bytes[index..<lineEnd].firstIndex(of: Self.equals) else {
            throw fail(line, "expected NAME=VALUE")
        }
        var nameStart = index
        let afterExport = index + Self.export.count
        if afterExport < equals, bytes[index..<afterExport].elementsEqual(Self.export), Self.isBlank(bytes[afterExport]) {
            var start = afterExport
            while start < equals, Self.isBlank(bytes[start]) { start += 1 }
            if start < equals { nameStart = start }
        }
        var nameEnd = equals
        while nameEnd > nameStart, Self.isBlank(bytes[nameEnd - 1]) { nameEnd -= 1 }
        let name = try checkName(bytes[nameStart..<nameEnd])

        index = equals + 1
        skipBlanks()
        let blankBeforeValue = index > equals + 1
        guard index < bytes.count else { return (name, []) }
        switch bytes[index] {
        case Self.singleQuote:
            let value = try singleQuoted()
            try afterClosingQuote()
            return (name, value)
        case Self.doubleQuote:
            let value = try doubleQuoted()
            try afterClosingQuote()
            return (name, value)
        default:
            return (name, unquoted(blankBeforeValue: blankBeforeValue))
        }
    }

    func checkName(_ name: ArraySlice<UInt8>) throws(KeywardError) -> String {
        guard !name.isEmpty, !name.contains(where: Self.isBlank) else { throw fail(line, "expected NAME=VALUE") }
        guard name.count <= DotenvParser.maximumNameBytes else {
            throw fail(line, "a variable name is at most \(DotenvParser.maximumNameBytes) bytes")
        }
        let isLetter = { (byte: UInt8) in (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let isNameByte = { (byte: UInt8) in isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") }
        let text = String(decoding: name, as: UTF8.self)
        if let first = name.first, !isDigit(first), name.allSatisfy(isNameByte) { return text }
        let rule = "is not a variable name (letters, digits and _, not starting with a digit)"
        // Quote only what looks like a mistyped name; anything else may be a
        // stray line of a value (a base64 body, a token) and is not repeated.
        let looksLikeName = name.allSatisfy { isNameByte($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        guard looksLikeName, !KeyShape.occurs(in: Substring(text)) else { throw fail(line, "the text before = \(rule)") }
        throw fail(line, "`\(text)` \(rule)")
    }

    /// An unquoted value: to the end of the line or a ` #` comment, trailing blanks trimmed.
    mutating func unquoted(blankBeforeValue: Bool) -> [UInt8] {
        let start = index
        let lineEnd = endOfLine(from: start)
        index = lineEnd
        var end = lineEnd
        if end > start, bytes[end - 1] == Self.carriageReturn { end -= 1 }
        if blankBeforeValue, start < end, bytes[start] == Self.hash { return [] }
        var scan = start + 1
        while scan < end {
            if bytes[scan] == Self.hash, Self.isBlank(bytes[scan - 1]) {
                end = scan
                break
            }
            scan += 1
        }
        while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
        return Array(bytes[start..<end])
    }

    /// A `'...'` value, literal; `index` is on the opening quote and ends past the closing one.
    mutating func singleQuoted() throws(KeywardError) -> [UInt8] {
        let openingLine = line
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != Self.singleQuote {
            if bytes[index] == Self.newline { line += 1 }
            index += 1
        }
        guard index < bytes.count else { throw fail(openingLine, "the quoted value that starts here is never closed") }
        let value = Array(bytes[start..<index])
        index += 1
        return value
    }

    /// A `"..."` value with its escapes; `index` is on the opening quote and ends past the closing one.
    mutating func doubleQuoted() throws(KeywardError) -> [UInt8] {
        let openingLine = line
        index += 1
        var value: [UInt8] = []
        while true {
            guard index < bytes.count else { throw fail(openingLine, "the quoted value that starts here is never closed") }
            let byte = bytes[index]
            if byte == Self.doubleQuote {
                index += 1
                return value
            }
            if byte == Self.backslash, index + 1 < bytes.count {
                let escaped: UInt8? =
                    switch bytes[index + 1] {
                    case UInt8(ascii: "n"): Self.newline
                    case UInt8(ascii: "r"): Self.carriageReturn
                    case UInt8(ascii: "t"): Self.tab
                    case Self.doubleQuote, Self.backslash, UInt8(ascii: "$"): bytes[index + 1]
                    default: nil
                    }
                if let escaped {
                    value.append(escaped)
                    index += 2
                    continue
                }
            }
            // Any other byte, and a backslash that escapes nothing (the byte
            // after it is read on the next turn, as itself).
            if byte == Self.newline { line += 1 }
            value.append(byte)
            index += 1
        }
    }

    /// After a closing quote: blanks, then the end of the line or a `# comment`.
    mutating func afterClosingQuote() throws(KeywardError) {
        skipBlanks()
        if isLineEnd(index) { return }
        guard bytes[index] == Self.hash else { throw fail(line, "text after the closing quote") }
        index = endOfLine(from: index)
    }
}
