/// The module grid of a QR code while it is built: function patterns first,
/// then the codewords in the zigzag order, then a mask and the format and
/// version information (ISO/IEC 18004 §7.6 to §7.9).
struct Grid {
    let version: Int
    let size: Int
    var dark: [[Bool]]
    /// Modules of function patterns and reserved areas: never data, never masked.
    var reserved: [[Bool]]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: Array(repeating: false, count: size), count: size)
        reserved = dark
        for (row, column) in [(0, 0), (0, size - 7), (size - 7, 0)] { finder(row, column) }
        for index in 8..<(size - 8) {
            set(6, index, index % 2 == 0)
            set(index, 6, index % 2 == 0)
        }
        // Every pair of centres but the three in finder corners (those on the timing lines stay).
        let centers = QRCode.alignment[version - 1]
        let (first, last) = (centers.first ?? 0, centers.last ?? 0)
        for row in centers {
            for column in centers where !((row == first && column == first) || (row == first && column == last) || (row == last && column == first)) {
                alignment(row, column)
            }
        }
        // Format information areas, and the dark module.
        for index in 0..<9 {
            reserved[8][index] = true
            reserved[index][8] = true
        }
        for index in 0..<8 {
            reserved[8][size - 1 - index] = true
            reserved[size - 1 - index][8] = true
        }
        set(size - 8, 8, true)
        if version >= 7 {
            for row in 0..<6 {
                for column in (size - 11)..<(size - 8) {
                    reserved[row][column] = true
                    reserved[column][row] = true
                }
            }
        }
    }

    private mutating func set(_ row: Int, _ column: Int, _ value: Bool) {
        dark[row][column] = value
        reserved[row][column] = true
    }

    /// A finder pattern with its separator, clipped to the grid.
    private mutating func finder(_ top: Int, _ left: Int) {
        for row in -1...7 {
            for column in -1...7 {
                let (r, c) = (top + row, left + column)
                guard r >= 0, r < size, c >= 0, c < size else { continue }
                let ring = max(abs(row - 3), abs(column - 3))
                set(r, c, (0...7).contains(row) && (0...7).contains(column) && ring != 2 && ring <= 3)
            }
        }
    }

    private mutating func alignment(_ centerRow: Int, _ centerColumn: Int) {
        for row in -2...2 {
            for column in -2...2 { set(centerRow + row, centerColumn + column, max(abs(row), abs(column)) != 1) }
        }
    }

    /// The codewords' bits, most significant first, up and down two columns at a time from the right.
    mutating func place(_ codewords: [UInt8]) {
        var bit = 0
        let total = codewords.count * 8
        var column = size - 1
        var upward = true
        while column > 0 {
            if column == 6 { column -= 1 }
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for offset in 0..<2 {
                    let c = column - offset
                    guard !reserved[row][c] else { continue }
                    if bit < total { dark[row][c] = (codewords[bit / 8] >> (7 - bit % 8)) & 1 == 1 }
                    bit += 1
                }
            }
            upward.toggle()
            column -= 2
        }
    }

    static func masks(_ mask: Int, _ row: Int, _ column: Int) -> Bool {
        switch mask {
        case 0: (row + column) % 2 == 0
        case 1: row % 2 == 0
        case 2: column % 3 == 0
        case 3: (row + column) % 3 == 0
        case 4: (row / 2 + column / 3) % 2 == 0
        case 5: (row * column) % 2 + (row * column) % 3 == 0
        case 6: ((row * column) % 2 + (row * column) % 3) % 2 == 0
        default: ((row + column) % 2 + (row * column) % 3) % 2 == 0
        }
    }

    /// The grid with `mask` applied to data modules, and format (and version) information written.
    func masked(_ mask: Int) -> Grid {
        var grid = self
        for row in 0..<size {
            for column in 0..<size where !reserved[row][column] && Self.masks(mask, row, column) { grid.dark[row][column].toggle() }
        }
        // Level L is 01; the 15 bits are BCH(15,5) with 0x537, then XOR 0x5412.
        let format = Self.bch(0b01 << 3 | mask, generator: 0x537, degree: 10) ^ 0x5412
        let bitAt = { (index: Int) in (format >> index) & 1 == 1 }
        for index in 0..<6 { grid.dark[index][8] = bitAt(index) }
        grid.dark[7][8] = bitAt(6)
        grid.dark[8][8] = bitAt(7)
        grid.dark[8][7] = bitAt(8)
        for index in 9..<15 { grid.dark[8][14 - index] = bitAt(index) }
        for index in 0..<8 { grid.dark[8][size - 1 - index] = bitAt(index) }
        for index in 8..<15 { grid.dark[size - 15 + index][8] = bitAt(index) }
        if version >= 7 {
            let info = Self.bch(version, generator: 0x1F25, degree: 12)
            for index in 0..<18 {
                let value = (info >> index) & 1 == 1
                grid.dark[index / 3][size - 11 + index % 3] = value
                grid.dark[size - 11 + index % 3][index / 3] = value
            }
        }
        return grid
    }

    /// `value` followed by its BCH remainder of `degree` bits.
    static func bch(_ value: Int, generator: Int, degree: Int) -> Int {
        var remainder = value << degree
        let top = generator.bitWidth - generator.leadingZeroBitCount
        while remainder.bitWidth - remainder.leadingZeroBitCount >= top {
            remainder ^= generator << (remainder.bitWidth - remainder.leadingZeroBitCount - top)
        }
        return value << degree | remainder
    }

    /// The penalty of ISO/IEC 18004 §7.8.3 (N1 to N4): lower reads better.
    var penalty: Int {
        var score = 0
        for line in 0..<size {
            for horizontal in [true, false] {
                var run = 1
                for index in 1..<size {
                    let previous = horizontal ? dark[line][index - 1] : dark[index - 1][line]
                    let current = horizontal ? dark[line][index] : dark[index][line]
                    if current == previous {
                        run += 1
                        if run == 5 { score += 3 } else if run > 5 { score += 1 }
                    } else {
                        run = 1
                    }
                }
                for index in 0...(size - 11) {
                    let window = (0..<11).map { horizontal ? dark[line][index + $0] : dark[index + $0][line] }
                    let pattern = [true, false, true, true, true, false, true]
                    if window == pattern + [false, false, false, false] || window == [false, false, false, false] + pattern { score += 40 }
                }
            }
        }
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let value = dark[row][column]
                if dark[row][column + 1] == value && dark[row + 1][column] == value && dark[row + 1][column + 1] == value { score += 3 }
            }
        }
        let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
        let percent = darkCount * 100 / (size * size)
        score += abs(percent - 50) / 5 * 10
        return score
    }
}
