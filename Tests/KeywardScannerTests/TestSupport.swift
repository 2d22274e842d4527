import Foundation
import KeywardCore

@testable import KeywardScanner

/// Helpers shared by the scanner tests. Secrets are built at test time so the
/// repository never holds a real-looking credential.
enum TestSupport {
    static let detector = Detector()

    /// The rule ids that `detector` finds in `text`.
    static func ruleIDs(in text: String, path: String? = nil) -> [String] {
        detector.detect(in: text, path: path).map(\.rule.id)
    }

    /// A GitHub-style token with a right checksum.
    static func githubToken(kind: String = "p") -> String {
        "gh" + kind + "_" + TrailingChecksum.append(to: Base62.random(count: 30))
    }

    /// A new empty folder under the temporary directory.
    static func temporaryFolder() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keyward-scan-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) {
        try! FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Runs git in `folder` and returns its output.
    @discardableResult
    static func git(_ arguments: [String], in folder: String) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Ada Test", "-c", "user.email=ada@example.org", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try! ProcessStart.run(process)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The repository root of this package (three levels above this file).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            .path
    }
}
