import KeywardCore
import Testing

@Suite("Dotenv files")
struct DotenvParserTests {
    /// The entries of `text` as (name, value, line).
    private func parse(_ text: String) throws -> [Triple] {
        try DotenvParser.parse(text).map { Triple($0.name, $0.value, $0.line) }
    }

    /// The values of `text`, by name, in order.
    private func values(_ text: String) throws -> [String] {
        try DotenvParser.parse(text).map(\.value)
    }

    private func failure(_ bytes: [UInt8]) -> KeywardError? {
        do {
            let entries = try DotenvParser.parse(bytes)
            Issue.record("accepted: \(entries.map(\.name))")
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ text: String) -> KeywardError? { failure(Array(text.utf8)) }

    struct Triple: Equatable, CustomStringConvertible {
        let name: String
        let value: String
        let line: Int
        init(_ name: String, _ value: String, _ line: Int) {
            self.name = name
            self.value = value
            self.line = line
        }
        var description: String { "\(name)=\(value.debugDescription)@\(line)" }
    }

    // MARK: - Rules

    @Test("NAME=VALUE lines parse in order with their line numbers")
    func basic() throws {
        #expect(try parse("A=1\nB=two\nC_3=x y\n") == [Triple("A", "1", 1), Triple("B", "two", 2), Triple("C_3", "x y", 3)])
        #expect(try parse("_private=1\nlower=2\nMiXeD_9=3") == [Triple("_private", "1", 1), Triple("lower", "2", 2), Triple("MiXeD_9", "3", 3)])
    }

    @Test("an empty file, blank lines and comments give no entries")
    func emptyAndComments() throws {
        #expect(try parse("").isEmpty)
        #expect(try DotenvParser.parse([UInt8]()).isEmpty)
        #expect(try parse("\n\n  \n\t\n").isEmpty)
        #expect(try parse("# only a comment").isEmpty)
        #expect(try parse("# A=1\n   # B=2\n\t#C=3\n#\n").isEmpty)
        #expect(try parse("\n# c\n  # indented = yes\nA=1\n\t\nB=2") == [Triple("A", "1", 4), Triple("B", "2", 6)])
    }

    @Test("a leading export is dropped")
    func export() throws {
        let text = "export A=1\nexport\tB=2\nexport   C = 3\nexportD=4\nexport =5\n  export E=6"
        #expect(
            try parse(text) == [
                Triple("A", "1", 1), Triple("B", "2", 2), Triple("C", "3", 3), Triple("exportD", "4", 4), Triple("export", "5", 5),
                Triple("E", "6", 6),
            ])
        #expect(try parse("export=7") == [Triple("export", "7", 1)])
    }

    @Test("spaces and tabs are allowed around =", arguments: ["A=1", "A = 1", "A\t=\t1", "  A  =  1  ", "\tA= 1", "A =1\t"])
    func spacesAroundEquals(text: String) throws {
        #expect(try parse(text) == [Triple("A", "1", 1)])
    }

    @Test(
        "unquoted values run to the end of the line or a blank-preceded #",
        arguments: [
            ("A=", ""), ("A=   ", ""), ("A=abc", "abc"), ("A=abc   \t", "abc"), ("A=a b  c", "a b  c"), ("A=abc # comment", "abc"),
            ("A=abc\t# comment", "abc"), ("A=abc#def", "abc#def"), ("A=abc#def # c", "abc#def"), ("A=#foo", "#foo"), ("A= #foo", ""),
            ("A=\t#foo", ""), ("A=a=b=c", "a=b=c"), ("A=x'y\"z", "x'y\"z"), ("A=a\\nb", "a\\nb"), ("A=url://h/p?q=1&r=2", "url://h/p?q=1&r=2"),
            ("A=é漢🔑", "é漢🔑"), ("A=x  #", "x"), ("A=abc'", "abc'"),
        ])
    func unquoted(text: String, value: String) throws {
        #expect(try values(text) == [value])
    }

    @Test(
        "single-quoted values are literal",
        arguments: [
            ("A='a b # c'", "a b # c"), ("A='\\n\\t\\\\'", "\\n\\t\\\\"), ("A='${X}'", "${X}"), ("A=''", ""), ("A='x' # comment", "x"),
            ("A='x'#comment", "x"), ("A = 'x'  ", "x"), ("A='say \"hi\"'", "say \"hi\""), ("A='  padded  '", "  padded  "), ("A='a=b'", "a=b"),
        ])
    func singleQuoted(text: String, value: String) throws {
        #expect(try values(text) == [value])
    }

    @Test(
        "double-quoted values understand \\n \\r \\t \\\" \\\\ \\$ and keep other backslashes",
        arguments: [
            ("A=\"a\\nb\"", "a\nb"), ("A=\"a\\rb\"", "a\rb"), ("A=\"a\\tb\"", "a\tb"), ("A=\"a\\\"b\"", "a\"b"), ("A=\"a\\\\b\"", "a\\b"),
            ("A=\"a\\$b\"", "a$b"), ("A=\"a\\xb\"", "a\\xb"), ("A=\"a\\'b\"", "a\\'b"), ("A=\"\\\\n\"", "\\n"), ("A=\"\"", ""),
            ("A=\"#x\"", "#x"), ("A=\"x # y\"", "x # y"), ("A=\"x\"#c", "x"), ("A=\"x\"  # c", "x"), ("A=\"it's\"", "it's"),
            ("A=\"\\\\\"", "\\"), ("A=\"a\\\\\\\"b\"", "a\\\"b"), ("A=\"  x  \"", "  x  "),
        ])
    func doubleQuoted(text: String, value: String) throws {
        #expect(try values(text) == [value])
    }

    @Test("a backslash before a line break is kept with the line break")
    func backslashNewline() throws {
        #expect(try parse("A=\"a\\\nb\"\nB=1") == [Triple("A", "a\\\nb", 1), Triple("B", "1", 3)])
    }

    @Test("there is no interpolation")
    func noInterpolation() throws {
        #expect(try values("B=x\nA=${B}\nC=\"${B}\"\nD='$B'\nE=$B\nF=\"\\${B}\"") == ["x", "${B}", "${B}", "$B", "$B", "${B}"])
    }

    @Test("quoted values may span several lines, and later entries keep their line numbers")
    func multiLine() throws {
        let text = "A='line1\nline2\n  line3'\nB=\"x\ny\\nz\"\n\nC=3"
        #expect(try parse(text) == [Triple("A", "line1\nline2\n  line3", 1), Triple("B", "x\ny\nz", 4), Triple("C", "3", 7)])
        let pem = "KEY=\"-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END KEY-----\"\nNEXT=1\n"
        let entries = try DotenvParser.parse(pem)
        #expect(entries.map(\.name) == ["KEY", "NEXT"])
        #expect(entries.first?.value.split(separator: "\n").count == 3)
        #expect(entries.last?.line == 4)
        #expect(try parse("A='\n'\nB=''") == [Triple("A", "\n", 1), Triple("B", "", 3)])
    }

    @Test("CRLF line endings are accepted; the \\r is dropped outside quotes")
    func crlf() throws {
        let text = "# comment\r\nA=1\r\nB='x'\r\nC=\"y\" \r\n\r\nD=\r\nE=abc # c\r\nexport F = f\r\nG=last\r"
        #expect(
            try parse(text) == [
                Triple("A", "1", 2), Triple("B", "x", 3), Triple("C", "y", 4), Triple("D", "", 6), Triple("E", "abc", 7), Triple("F", "f", 8),
                Triple("G", "last", 9),
            ])
        #expect(try values("A='x\r\ny'\r\nB=\"p\r\nq\"\r\n") == ["x\r\ny", "p\r\nq"])
        #expect(try parse("A='x\r\ny'\r\nB=2\r\n") == [Triple("A", "x\r\ny", 1), Triple("B", "2", 3)])
    }

    @Test("a byte order mark at the start is skipped")
    func byteOrderMark() throws {
        #expect(try DotenvParser.parse([0xEF, 0xBB, 0xBF] + Array("A=1\nB=2".utf8)).map(\.name) == ["A", "B"])
        #expect(failure([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("A=1".utf8))?.code == .invalidDotenv)
    }

    @Test("a 128-byte name is accepted")
    func longestName() throws {
        let name = "N" + String(repeating: "_", count: 127)
        #expect(try parse("\(name)=1").map(\.name) == [name])
    }

    @Test("the string and byte forms agree")
    func stringAndBytes() throws {
        let text = "A=1\nB='two'\nC=\"th\\nree\""
        #expect(try DotenvParser.parse(text) == DotenvParser.parse(Array(text.utf8)))
        #expect(try DotenvParser.parse(text).last == DotenvEntry(name: "C", value: "th\nree", line: 3))
    }

    // MARK: - Errors

    @Test(
        "mistakes are refused with INVALID_DOTENV, the line number and what is wrong",
        arguments: [
            ("A=1\nB=2\nC=3\nnot an assignment", "line 4: expected NAME=VALUE"),
            ("=x", "line 1: expected NAME=VALUE"),
            ("  = x", "line 1: expected NAME=VALUE"),
            ("A B=1", "line 1: expected NAME=VALUE"),
            ("export", "line 1: expected NAME=VALUE"),
            ("A=1\nexport B", "line 2: expected NAME=VALUE"),
            ("JUSTANAME", "line 1: expected NAME=VALUE"),
            ("\n\n9X=1", "line 3: `9X` is not a variable name (letters, digits and _, not starting with a digit)"),
            ("MY-VAR=1", "line 1: `MY-VAR` is not a variable name"),
            ("app.key=1", "line 1: `app.key` is not a variable name"),
            ("export 1=1", "line 1: `1` is not a variable name"),
            ("é=1", "line 1: the text before = is not a variable name"),
            ("A$=1", "line 1: the text before = is not a variable name"),
            ("\"A\"=1", "line 1: the text before = is not a variable name"),
            ("A=1\nB='abc\nC=2", "line 2: the quoted value that starts here is never closed"),
            ("A=\"abc", "line 1: the quoted value that starts here is never closed"),
            ("A=\"abc\\\"", "line 1: the quoted value that starts here is never closed"),
            ("A=\"abc\\", "line 1: the quoted value that starts here is never closed"),
            ("A=1\n\n\n\n\n\nB=\"x\ny\nz", "line 7: the quoted value that starts here is never closed"),
            ("A='", "line 1: the quoted value that starts here is never closed"),
            ("A=\"x\" y", "line 1: text after the closing quote"),
            ("A='x'y", "line 1: text after the closing quote"),
            ("A='x''y'", "line 1: text after the closing quote"),
            ("A=1\nB='x\ny' z", "line 3: text after the closing quote"),
            ("A=1\nB=2\nA=3", "line 3: A is also set on line 1"),
            ("A=1\nexport A=2", "line 2: A is also set on line 1"),
            ("A='x\ny'\nB=1\nA=", "line 4: A is also set on line 1"),
            ("N" + String(repeating: "x", count: 128) + "=1", "line 1: a variable name is at most 128 bytes"),
        ])
    func mistakes(text: String, says: String) {
        guard let error = failure(text) else { return }
        #expect(error.code == .invalidDotenv)
        #expect(error.code.kind == .invalidInput)
        #expect(error.code.rawValue == "INVALID_DOTENV")
        #expect(error.message.contains(says), "\(error.message)")
    }

    @Test("a lone \\r at the end of the input ends the line")
    func trailingCarriageReturn() throws {
        #expect(try parse("\r").isEmpty)
        #expect(try parse("A=1\r").map(\.value) == ["1"])
        #expect(try parse("A='1'\r").map(\.value) == ["1"])
    }

    @Test("input that is not UTF-8 is refused, naming the line", arguments: [[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x80]])
    func notUTF8(bad: [UInt8]) {
        for (prefix, line) in [("", 1), ("A=1\nB=", 2), ("A=1\n\n# c\nB='x\n", 5)] {
            let bytes = Array(prefix.utf8) + bad + Array("\nC=3".utf8)
            let error = failure(bytes)
            #expect(error?.code == .invalidDotenv)
            #expect(error?.message == "line \(line): the text is not valid UTF-8")
        }
    }

    @Test("a NUL byte anywhere is refused, naming the line")
    func nulByte() {
        #expect(failure("A=a\u{0}b")?.message == "line 1: the file contains a NUL byte")
        #expect(failure("A=1\nB=2\n\nC=x\u{0}")?.message == "line 4: the file contains a NUL byte")
        #expect(failure("A='x\ny\u{0}'")?.message == "line 2: the file contains a NUL byte")
        #expect(failure("# \u{0}")?.message == "line 1: the file contains a NUL byte")
        #expect(failure("\u{0}A=1")?.code == .invalidDotenv)
    }

    @Test("the input is at most 1 MiB")
    func inputBound() throws {
        let line = Array(("#" + String(repeating: "x", count: 1022) + "\n").utf8)
        let exact = Array([[UInt8]](repeating: line, count: 1024).joined())
        #expect(exact.count == DotenvParser.maximumBytes)
        #expect(try DotenvParser.parse(exact).isEmpty)
        let error = failure(exact + [UInt8(ascii: "\n")])
        #expect(error?.code == .invalidDotenv)
        #expect(error?.message.contains("larger than 1 MiB") == true)
    }

    @Test("a file holds at most 10,000 entries")
    func entryBound() throws {
        let lines = (0..<DotenvParser.maximumEntries).map { "V\($0)=\($0)" }
        #expect(try DotenvParser.parse(lines.joined(separator: "\n")).count == 10_000)
        let error = failure((lines + ["# comment", "LAST=1"]).joined(separator: "\n"))
        #expect(error?.message == "line 10002: the file has more than 10000 entries")
    }

    @Test("a value is at most 65,536 bytes, escapes counted as what they become")
    func valueBound() throws {
        let most = String(repeating: "v", count: DotenvParser.maximumValueBytes)
        #expect(DotenvParser.maximumValueBytes == 65_536)
        #expect(try values("A=\(most)") == [most])
        #expect(try values("A='\(most)'") == [most])
        #expect(try values("A=\"\(String(repeating: "\\n", count: 65_536))\"").first?.utf8.count == 65_536)
        for text in ["A=1\nBIG=\(most)x", "A=1\nBIG='\(most)x'", "A=1\nBIG=\"\(most)\\n\"", "A=1\nBIG='x\n\(most)'"] {
            let error = failure(text)
            #expect(error?.message == "line 2: the value of BIG is longer than 65536 bytes")
        }
    }

    @Test("no error message contains the value")
    func messagesNeverShowValues() {
        let value = "S3cr3tV4lu3xyz"
        let cases: [[UInt8]] =
            [
                "A='\(value)", "A=\"\(value)", "A=\"\(value)\" \(value)", "A='\(value)'\(value)", "A=1\nA=\(value)", "A=\(value)\nA=\(value)",
                "A=\(value)\(String(repeating: "x", count: 65_536))", "A=\(value)\u{0}", "A='\(value)\u{0}'", "A=1\n\(value)",
                "A=1\n\(value)+abc/def==", "A=\"x\n\(value)\" tail", "A=\"\(value)\\", "\(value) \(value)=1", "export \(value)",
                "A=1\n\(value)/x=2", "KEY=-----BEGIN\n\(value)+/==",
            ].map { Array($0.utf8) } + [Array("A=\(value)".utf8) + [0xFF], Array("A='\(value)\n".utf8) + [0xC3]]
        for bytes in cases {
            guard let error = failure(bytes) else { continue }
            #expect(error.code == .invalidDotenv)
            #expect(!error.message.contains(value), "\(error.message)")
            #expect(!error.description.contains(value), "\(error.description)")
            #expect(!error.message.contains("xyz"), "\(error.message)")
        }
    }

    @Test("a name-shaped text with the shape of an API key is not repeated")
    func keyShapedName() {
        let key = APIKey.generate(prefix: .defaultKeyspace).secret
        let error = failure("\(key)-x=1")
        #expect(error?.message.contains("is not a variable name") == true)
        #expect(error?.message.contains(key) == false)
    }

    // MARK: - Properties

    @Test("values written with either quote style read back unchanged")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 0xD07E)
        let alphabet = Array("ab Z9_=#'\"\\$\n\t{}é漢🔑-")
        for _ in 0..<500 {
            let count = Int.random(in: 0...20, using: &generator)
            var text = ""
            var expected: [(String, String)] = []
            for index in 0..<count {
                let value = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                let name = "V\(index)_\(Int.random(in: 0...9, using: &generator))"
                expected.append((name, value))
                let style = Int.random(in: 0..<3, using: &generator)
                if style == 0, !value.contains("'") {
                    text += "\(name)='\(value)'"
                } else {
                    var escaped = ""
                    for character in value {
                        switch character {
                        case "\"": escaped += "\\\""
                        case "\\": escaped += "\\\\"
                        case "$": escaped += "\\$"
                        case "\n" where style == 1: escaped += "\\n"
                        case "\t" where style == 1: escaped += "\\t"
                        default: escaped.append(character)
                        }
                    }
                    text += "\(Bool.random(using: &generator) ? "export " : "")\(name) = \"\(escaped)\""
                }
                text += Bool.random(using: &generator) ? " # note\n" : (Bool.random(using: &generator) ? "\r\n" : "\n\n")
            }
            let entries = try DotenvParser.parse(text)
            #expect(entries.map(\.name) == expected.map(\.0))
            #expect(entries.map(\.value) == expected.map(\.1))
            #expect(entries.map(\.line) == entries.map(\.line).sorted())
        }
    }

    @Test("random bytes either parse or throw INVALID_DOTENV, never crash")
    func fuzzRandomBytes() {
        var generator = SeededGenerator(seed: 0xE11)
        let interesting = Array("=='\"\\#\n\n\r \t AZaz_9export$".utf8) + [0x00, 0xFF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0x80]
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in
                Int.random(in: 0..<10, using: &generator) == 0
                    ? UInt8.random(in: 0...255, using: &generator) : interesting.randomElement(using: &generator)!
            }
            check(bytes)
        }
    }

    @Test("random mutations of a valid file either parse or throw INVALID_DOTENV")
    func fuzzMutations() {
        var generator = SeededGenerator(seed: 0x5EED)
        let valid = Array(
            """
            # settings
            export DB_HOST=localhost
            DB_PASSWORD='p@ss # word'
            API_KEY="line1\\nline2 \\"quoted\\" \\$HOME"
            MULTI="first
            second"
            EMPTY=
            URL=https://example.com/?a=b#frag # comment

            """.utf8)
        let pieces = Array("=='\"\\#\n\r \texport".utf8) + [0x00, 0xFF, 0xC3]
        for _ in 0..<5_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes.insert(pieces.randomElement(using: &generator)!, at: position)
                case 1 where position < bytes.count: bytes.remove(at: position)
                default:
                    if position < bytes.count { bytes[position] = pieces.randomElement(using: &generator)! }
                }
            }
            check(bytes)
        }
    }

    /// Parses `bytes`: a success must satisfy the rules, a failure must be INVALID_DOTENV with a line.
    private func check(_ bytes: [UInt8]) {
        do {
            let entries = try DotenvParser.parse(bytes)
            #expect(Set(entries.map(\.name)).count == entries.count)
            #expect(entries.map(\.line) == entries.map(\.line).sorted())
            for entry in entries {
                let name = Array(entry.name.utf8)
                #expect(!name.isEmpty && name.count <= 128)
                #expect(name.allSatisfy { $0 == UInt8(ascii: "_") || Base62.isDigit($0) })
                #expect(!(name.first.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? true))
                #expect(!entry.value.utf8.contains(0))
                #expect(entry.line >= 1)
            }
        } catch {
            #expect(error.code == .invalidDotenv)
            #expect(error.message.hasPrefix("line ") || error.message.contains("1 MiB"), "\(error.message)")
        }
    }
}
