import Foundation
import Testing

@testable import KeywardScanner

/// The project's own sources, tests and documents hold no findings: precision
/// on real code, and proof that the samples are built at test time.
@Suite struct SelfScanTests {
    @Test func theProjectHasNoFindings() throws {
        let root = TestSupport.packageRoot
        let paths = ["Sources", "Tests", "docs"].map { root + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        let result = try SecretScanner().scan(ScanOptions(source: .files, paths: paths))
        #expect(result.findings.isEmpty, "\(result.findings.map { "\($0.file):\($0.line) \($0.rule)" })")
        #expect(result.filesScanned > 50)
    }
}
