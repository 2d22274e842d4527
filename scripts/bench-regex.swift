// Measures Swift Regex and NSRegularExpression on Linux for one simple token
// pattern over 16 MB of source-like text, to decide the scanner's hot loop.
//   swiftc -O scripts/bench-regex.swift -o /tmp/bench-regex && /tmp/bench-regex
import Foundation

let line = "let value = computeSomething(with: parameters, options: .default) // a comment about tokens\n"
var text = String(repeating: line, count: 16 * 1024 * 1024 / line.utf8.count)
text += "key = " + "AK" + "IAQX7TVYZ2WR5UQ3NM\n"
let megabytes = Double(text.utf8.count) / 1_048_576

func measure(_ name: String, _ body: () -> Int) {
    let start = Date()
    let count = body()
    let seconds = Date().timeIntervalSince(start)
    print("\(name): \(count) matches, \(String(format: "%.2f", seconds)) s, \(String(format: "%.1f", megabytes / seconds)) MB/s")
}

measure("Swift Regex") {
    let regex = try! Regex("AKIA[0-9A-Z]{16}")
    return text.matches(of: regex).count
}
measure("NSRegularExpression") {
    let regex = try! NSRegularExpression(pattern: "AKIA[0-9A-Z]{16}")
    return regex.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
}
measure("byte loop") {
    var count = 0
    var copy = text
    copy.withUTF8 { bytes in
        var index = 0
        while index + 20 <= bytes.count {
            if bytes[index] == 65, bytes[index + 1] == 75, bytes[index + 2] == 73, bytes[index + 3] == 65 {
                var ok = true
                for offset in 4..<20 where !(bytes[index + offset] >= 48 && bytes[index + offset] <= 57 || bytes[index + offset] >= 65 && bytes[index + offset] <= 90) {
                    ok = false
                }
                if ok { count += 1 }
            }
            index += 1
        }
    }
    return count
}
