/// A QR code (ISO/IEC 18004) of bytes, for `keyward mfa enroll` to show the
/// `otpauth://` URI in the terminal: byte mode, error correction level L,
/// versions 1 to 10 (up to 271 bytes), the mask chosen by the standard's
/// penalty rules. Checked module for module against an independent encoder
/// (Tests/KeywardCoreTests/QRCodeTests.swift).
public struct QRCode: Sendable, Equatable {
    public let version: Int
    public let mask: Int
    /// `modules[row][column]`: true is dark.
    public let modules: [[Bool]]

    public var size: Int { modules.count }

    /// Level L blocks of versions 1…10: (blocks, data codewords per block), and EC codewords per block.
    static let blocks: [(groups: [(count: Int, data: Int)], ec: Int)] = [
        ([(1, 19)], 7), ([(1, 34)], 10), ([(1, 55)], 15), ([(1, 80)], 20), ([(1, 108)], 26),
        ([(2, 68)], 18), ([(2, 78)], 20), ([(2, 97)], 24), ([(2, 116)], 30), ([(2, 68), (2, 69)], 18),
    ]
    static let alignment: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ]

    public static let maximumBytes = 271

    /// The smallest code that holds `bytes`; `mask` nil picks the one of least penalty.
    public init(bytes: [UInt8], mask: Int? = nil) throws(KeywardError) {
        guard let version = (1...10).first(where: { Self.capacity(version: $0) >= bytes.count }) else {
            throw KeywardError(.invalidField, "at most \(Self.maximumBytes) bytes fit in the QR codes Keyward draws")
        }
        let codewords = Self.codewords(Self.dataCodewords(bytes, version: version), version: version)
        var grid = Grid(version: version)
        grid.place(codewords)
        let chosen = mask ?? (0..<8).min { grid.masked($0).penalty < grid.masked($1).penalty } ?? 0
        self.version = version
        self.mask = chosen
        self.modules = grid.masked(chosen).dark
    }

    /// Data codewords of `version` less the mode (4 bits) and count (8 or 16 bits).
    static func capacity(version: Int) -> Int {
        let (groups, _) = blocks[version - 1]
        let total = groups.reduce(0) { $0 + $1.count * $1.data }
        return total - (version < 10 ? 2 : 3)
    }

    /// Mode, count, bytes, terminator and padding, as data codewords.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let total = blocks[version - 1].groups.reduce(0) { $0 + $1.count * $1.data }
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        append(0, min(4, total * 8 - bits.count))
        while bits.count % 8 != 0 { bits.append(false) }
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        var pad: UInt8 = 0xEC
        while codewords.count < total {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Data and error-correction codewords, split into blocks and interleaved.
    static func codewords(_ data: [UInt8], version: Int) -> [UInt8] {
        let (groups, ecCount) = blocks[version - 1]
        var dataBlocks: [[UInt8]] = []
        var offset = 0
        for group in groups {
            for _ in 0..<group.count {
                dataBlocks.append(Array(data[offset..<offset + group.data]))
                offset += group.data
            }
        }
        let generator = ReedSolomon.generator(degree: ecCount)
        let ecBlocks = dataBlocks.map { ReedSolomon.remainder($0, generator: generator) }
        var result: [UInt8] = []
        for index in 0..<(dataBlocks.map(\.count).max() ?? 0) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<ecCount {
            for block in ecBlocks { result.append(block[index]) }
        }
        return result
    }
}

/// Reed-Solomon over GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D).
enum ReedSolomon {
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 512)
        var value = 1
        for index in 0..<255 {
            table[index] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        for index in 255..<512 { table[index] = table[index - 255] }
        return table
    }()
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for index in 0..<255 { table[Int(exp[index])] = index }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        a == 0 || b == 0 ? 0 : exp[log[Int(a)] + log[Int(b)]]
    }

    /// (x - α^0)(x - α^1)…(x - α^(degree-1)), highest coefficient first.
    static func generator(degree: Int) -> [UInt8] {
        var polynomial: [UInt8] = [1]
        for index in 0..<degree {
            var next = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (position, coefficient) in polynomial.enumerated() {
                next[position] ^= coefficient
                next[position + 1] ^= multiply(coefficient, exp[index])
            }
            polynomial = next
        }
        return polynomial
    }

    /// The remainder of data·x^degree divided by the generator: the EC codewords.
    static func remainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        let degree = generator.count - 1
        var remainder = [UInt8](repeating: 0, count: degree)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in 0..<degree { remainder[index] ^= multiply(generator[index + 1], factor) }
        }
        return remainder
    }
}
