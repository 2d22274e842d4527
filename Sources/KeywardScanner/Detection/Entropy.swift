/// Shannon entropy, in bits per character, of a short ASCII value.
enum Entropy {
    static func bits<Bytes: Collection>(_ bytes: Bytes) -> Double where Bytes.Element == UInt8 {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for byte in bytes { counts[Int(byte)] += 1 }
        let total = Double(bytes.count)
        var result = 0.0
        for count in counts where count > 0 {
            let share = Double(count) / total
            result -= share * log2(share)
        }
        return result
    }

    private static func log2(_ value: Double) -> Double {
        var exponent = 0.0
        var mantissa = value
        while mantissa < 1 { mantissa *= 2; exponent -= 1 }
        while mantissa >= 2 { mantissa /= 2; exponent += 1 }
        // ln(m)/ln(2) for m in [1, 2) by a short series around 1.
        let y = (mantissa - 1) / (mantissa + 1)
        let y2 = y * y
        let series = 2 * y * (1 + y2 / 3 + y2 * y2 / 5 + y2 * y2 * y2 / 7 + y2 * y2 * y2 * y2 / 9)
        return exponent + series / 0.693_147_180_559_945_3
    }
}
