/// JSON Web Tokens: three base64url parts whose header decodes to JSON with `alg`.
extension RuleCatalog {
    static let jwt: [Rule] = [
        Rule(
            id: "jwt", description: "JSON Web Token", keywords: ["eyJ"],
            matcher: .custom { bytes, start, _ in
                if start > 0, ByteSet.word.contains(bytes[start - 1]) { return nil }
                guard bytes[start + 1] == UInt8(ascii: "y"), bytes[start + 2] == UInt8(ascii: "J") else { return nil }
                var end = start
                var dots: [Int] = []
                while end < bytes.count, end - start < 8192, ByteSet.base64URL.contains(bytes[end]) || bytes[end] == UInt8(ascii: ".") {
                    if bytes[end] == UInt8(ascii: ".") { dots.append(end) }
                    end += 1
                }
                guard dots.count == 2, dots[0] - start >= 16, dots[1] - dots[0] > 16, end - dots[1] > 16 else { return nil }
                guard let header = Base64URL.decode(bytes[start..<dots[0]]), header.contains("\"alg\""),
                    bytes[dots[0] + 1] == UInt8(ascii: "e")
                else { return nil }
                if header.contains("\"none\"") { return nil }
                return RuleMatch(range: start..<end, verdict: .plausible)
            }
        ) {
            let header = Base64URL.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
            let payload = Base64URL.encode("{\"sub\":\"\(SampleText.random(.digits, count: 10))\",\"name\":\"Ada\",\"iat\":1516239022}")
            let signature = SampleText.random(.base64URL, count: 43)
            return RuleSamples(
                positives: ["Authorization: Bearer \(header).\(payload).\(signature)"],
                negatives: ["\(header).\(payload)", "eyJ" + SampleText.random(.base62, count: 40)])
        }
    ]
}

/// Base64url without padding, for JWT headers.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func decode<Bytes: Collection>(_ text: Bytes) -> String? where Bytes.Element == UInt8 {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    /// Standard base64 (`+`, `/`, `=` padding) decoded as UTF-8, for Basic credentials.
    static func decodeStandard<Bytes: Collection>(_ text: Bytes) -> String? where Bytes.Element == UInt8 {
        let mapped = text.filter { $0 != UInt8(ascii: "=") }.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            default: byte
            }
        }
        return decode(mapped)
    }

    /// Standard base64 with padding, for samples.
    static func encodeStandard(_ text: String) -> String {
        var encoded = encode(text).map { character -> Character in
            switch character {
            case "-": "+"
            case "_": "/"
            default: character
            }
        }
        while encoded.count % 4 != 0 { encoded.append("=") }
        return String(encoded)
    }

    static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text.utf8 {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 6 {
                bits -= 6
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 63)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(6 - bits)) & 63)]) }
        return String(decoding: output, as: UTF8.self)
    }
}
