/// Recognises the random part of a token that a person typed rather than a
/// generator drew: alphabet runs (`0123456789ABCDEF…`), few distinct
/// characters (`zzzz…`), or whole words such as `Example` (`ThisIsAnExampleKey…`).
/// Test fixtures and documentation use such strings even with a right checksum.
enum MadeUpText {
    static let markers: Set<String> = [
        "example", "sample", "test", "dummy", "fake", "docs", "doc", "credential", "placeholder", "not", "this", "your", "invalid",
    ]

    static func looksMadeUp<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        let values = bytes.map { Int($0) }
        if Set(values).count < max(4, values.count / 3) { return true }
        if hasAlphabetRun(values) { return true }
        let words = ValueWords.split(String(decoding: Array(bytes), as: UTF8.self))
        return words.contains { markers.contains($0) }
    }

    /// Filler that no generator draws, for token bodies of any alphabet: fewer
    /// than 4 distinct characters (`XXXX…`, `0000…`) or an alphabet run of 6
    /// (`abcdef`, `123456`). Unlike `looksMadeUp` it holds for long hex bodies,
    /// which have only 16 distinct characters to draw from.
    static func isFiller<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        let values = bytes.map { Int($0) }
        return Set(values).count < 4 || hasAlphabetRun(values)
    }

    private static func hasAlphabetRun(_ values: [Int]) -> Bool {
        var run = 0
        for (previous, next) in zip(values, values.dropFirst()) {
            run = next == previous + 1 ? run + 1 : 0
            if run >= 5 { return true }
        }
        return false
    }
}
