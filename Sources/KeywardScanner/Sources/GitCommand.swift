import Foundation
import KeywardCore

/// Runs `git` with Foundation's `Process` and streams its output line by line.
struct GitCommand {
    let workingDirectory: String

    /// The work tree's top folder; throws `NOT_A_GIT_REPOSITORY` outside one.
    func topLevel() throws(KeywardError) -> String {
        var output = ""
        do {
            try run(["rev-parse", "--show-toplevel"]) { line in output = String(decoding: line, as: UTF8.self) }
        } catch {
            throw KeywardError(.notAGitRepository, "\(workingDirectory) is not inside a git work tree", field: "--git")
        }
        return output
    }

    /// Runs `git arguments…`, calling `onLine` for each line of its output (without
    /// the newline); throws when git cannot start or exits with a failure.
    func run(_ arguments: [String], input: [UInt8]? = nil, onLine: (ArraySlice<UInt8>) -> Void) throws(KeywardError) {
        var pending: [UInt8] = []
        try stream(arguments, input: input) { chunk in
            pending.append(contentsOf: chunk)
            var lineStart = 0
            while let newline = pending[lineStart...].firstIndex(of: 0x0A) {
                onLine(pending[lineStart..<newline])
                lineStart = newline + 1
            }
            pending.removeFirst(lineStart)
        }
        if !pending.isEmpty { onLine(pending[...]) }
    }

    /// Runs `git arguments…` with `input` (if any) on its standard input, calling
    /// `onChunk` with its output as it comes; throws when git cannot start or fails.
    /// The input goes through a temporary file, so git never waits on a pipe that
    /// this process is not reading.
    func stream(_ arguments: [String], input: [UInt8]? = nil, onChunk: (Data) -> Void) throws(KeywardError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "core.quotepath=off"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        let output = Pipe()
        let temporary = FileManager.default.temporaryDirectory
        let errors = temporary.appendingPathComponent("keyward-git-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = try? FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        if let input {
            let file = temporary.appendingPathComponent("keyward-git-\(UUID().uuidString).in")
            guard FileManager.default.createFile(atPath: file.path, contents: Data(input), attributes: [.posixPermissions: 0o600]),
                let handle = try? FileHandle(forReadingFrom: file)
            else {
                throw KeywardError(.gitFailed, "cannot write the input of git \(arguments.first ?? "") to \(temporary.path)")
            }
            // The open handle keeps the content; the name can go at once.
            try? FileManager.default.removeItem(at: file)
            process.standardInput = handle
        }
        do {
            try ProcessStart.run(process)
        } catch {
            throw KeywardError(.gitFailed, "cannot run git: \(error.localizedDescription)")
        }
        let reader = output.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            onChunk(chunk)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? ""
            throw KeywardError(.gitFailed, "git \(arguments.first ?? "") failed (exit \(process.terminationStatus)): \(message)")
        }
    }
}
