import Foundation
import KeywardCore
import Testing

/// Our QR encoder against an independent one, module for module: Python's
/// `qrcode` package (pip), which `.ci/run` installs (and then requires with
/// KEYWARD_REQUIRE_PYQRCODE=1). Without it the comparison is skipped, visibly.
@Suite("QR codes")
struct QRCodeTests {
    static let inputs: [String] = [
        "otpauth://totp/Keyward:a?secret=ABC",
        TOTP.provisioningURI(secret: Array("12345678901234567890".utf8), account: "alice"),
        TOTP.provisioningURI(secret: Array(repeating: 0xA5, count: 20), account: String(repeating: "operator-", count: 7)),
        String(repeating: "x", count: 17), String(repeating: "y", count: 32), String(repeating: "z", count: 150),
        String(repeating: "k", count: 271),
    ]

    /// The reference's modules for each input and mask, as lines of 0 and 1; nil without the package.
    static func reference() throws -> [String: [String]]? {
        let script = """
            import json, sys
            try:
                import qrcode, qrcode.util
            except ImportError:
                print("MISSING"); sys.exit(0)
            out = {}
            for text in json.load(sys.stdin):
                for mask in range(8):
                    data = text.encode()
                    version = next(v for v in range(1, 11) if sum(c * d for c, t, d in [qrcode.base.RS_BLOCK_TABLE[(v - 1) * 4][i:i + 3] for i in range(0, len(qrcode.base.RS_BLOCK_TABLE[(v - 1) * 4]), 3)]) - (2 if v < 10 else 3) >= len(data))
                    q = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_L, mask_pattern=mask, border=0)
                    q.add_data(qrcode.util.QRData(data, mode=qrcode.util.MODE_8BIT_BYTE))
                    q.make(fit=False)
                    out[f"{mask}:{text}"] = ["".join("1" if m else "0" for m in row) for row in q.modules]
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try ProcessStart.run(process)
        input.fileHandleForWriting.write(try JSONEncoder().encode(inputs))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if String(decoding: data, as: UTF8.self).hasPrefix("MISSING") { return nil }
        return try JSONDecoder().decode([String: [String]].self, from: data)
    }

    @Test("every input and mask matches Python's qrcode, module for module (versions 1 to 10)")
    func matchesReference() throws {
        guard let reference = try Self.reference() else {
            let required = ProcessInfo.processInfo.environment["KEYWARD_REQUIRE_PYQRCODE"] == "1"
            #expect(!required, "Python's qrcode package is missing: pip install qrcode")
            print("SKIPPED: QR codes not compared with a reference: pip install qrcode to run this test")
            return
        }
        var versions = Set<Int>()
        for text in Self.inputs {
            for mask in 0..<8 {
                let code = try QRCode(bytes: Array(text.utf8), mask: mask)
                versions.insert(code.version)
                let ours = code.modules.map { row in String(row.map { $0 ? "1" : "0" }) }
                #expect(ours == reference["\(mask):\(text)"], "mask \(mask), \(text.utf8.count) bytes, version \(code.version)")
            }
        }
        #expect(versions.contains(1) && versions.contains(10) && versions.contains(7), "versions \(versions.sorted())")
    }

    @Test("too long an input is refused, and the mask is chosen by penalty among all eight")
    func limits() throws {
        #expect(throws: KeywardError.self) { _ = try QRCode(bytes: Array(repeating: 0x61, count: QRCode.maximumBytes + 1)) }
        let code = try QRCode(bytes: Array("otpauth://totp/Keyward:alice?secret=ABC".utf8))
        #expect((0..<8).contains(code.mask))
        #expect(code.size == 17 + 4 * code.version)
    }
}
