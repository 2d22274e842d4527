import KeywardCore

/// A QR code as terminal text: two module rows a line, in half-block characters,
/// with a quiet zone of four modules. Light modules are drawn (the terminal's
/// text colour) and dark ones left blank, which reads right on the usual dark
/// background; `lightBackground` draws the dark ones instead.
enum QRText {
    static func render(_ code: QRCode, lightBackground: Bool = false) -> String {
        let quiet = 4
        let size = code.size + 2 * quiet
        func drawn(_ row: Int, _ column: Int) -> Bool {
            let (r, c) = (row - quiet, column - quiet)
            let dark = r >= 0 && r < code.size && c >= 0 && c < code.size && code.modules[r][c]
            return dark == lightBackground
        }
        var lines: [String] = []
        for row in stride(from: 0, to: size, by: 2) {
            var line = ""
            for column in 0..<size {
                switch (drawn(row, column), row + 1 < size && drawn(row + 1, column)) {
                case (true, true): line += "█"
                case (true, false): line += "▀"
                case (false, true): line += "▄"
                case (false, false): line += " "
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
