import ArgumentParser
import Foundation
import KeywardCore
import KeywardEngine
import KeywardStore

/// `keyward audit log|verify|checkpoint|report`: read the tamper-evident log,
/// check its chain (on the server, or offline in a copied database), save signed
/// checkpoints, and print the hygiene report.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and check the audit log.",
        subcommands: [Log.self, Verify.self, Checkpoint.self, Report.self]
    )

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The hygiene report: stale, never used, expiring, unrotated, unrestricted keys; overdue and compromised secrets.")
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "A key unused for this long is stale (default 30d).") var unusedFor = "30d"
        @Option(name: .long, help: "A key that expires within this is expiring soon (default 7d).") var expiringWithin = "7d"
        @Option(name: .long, help: "At most this many records listed per section (0: counts only).") var show = 10

        func run() async throws {
            for (text, flag) in [(unusedFor, "--unused-for"), (expiringWithin, "--expiring-within")] {
                do {
                    _ = try DurationText(parsing: text, field: flag)
                } catch {
                    throw ValidationError("\(flag): \(error.message)")
                }
            }
            guard show >= 0 else { throw ValidationError("--show must be 0 or more") }
            let client = try options.client()
            let answer = try await client.send(
                .GET, "/v1/reports/hygiene?unusedFor=\(unusedFor.urlEncoded)&expiringWithin=\(expiringWithin.urlEncoded)")
            client.output(answer) { HygieneText.render($0, show: show) }
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List audit entries, oldest first; --follow prints new ones as they come.")
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "Entries since this time: a duration back from now (24h, 7d) or an RFC 3339 time.") var since: String?
        @Option(name: .long, help: "Entries before this time (same forms as --since).") var until: String?
        @Option(name: .long, help: "Only this action (key.revoke), or a family (key.*).") var action: String?
        @Option(name: .long, help: "Only this actor: a token id, system, or a client address.") var actor: String?
        @Option(name: .long, help: "Only entries about this record id.") var target: String?
        @Option(name: .long, help: "Only entries after this seq.") var after: Int64?
        @Option(name: .long, help: "At most this many entries (1-100000; default 1000).") var limit: Int = 1000
        @Flag(name: .long, help: "Keep running and print new entries as they are appended.") var follow = false

        func validate() throws {
            guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be from 1 to 100000") }
        }

        func run() async throws {
            let client = try options.client()
            let now = Date()
            let query: [(String, String?)] = [
                ("since", try since.map { try AuditCommand.time($0, option: "--since", now: now) }),
                ("until", try until.map { try AuditCommand.time($0, option: "--until", now: now) }),
                ("action", action), ("actor", actor), ("target", target),
            ]
            var last = after ?? 0
            var printed = 0
            var cursor: String?
            // Every page up to --limit, then (with --follow) every new entry.
            while true {
                let pageSize = min(1000, follow ? 1000 : limit - printed)
                var pairs = query + [("after", String(last)), ("limit", String(pageSize))]
                if let cursor { pairs.append(("cursor", cursor)) }
                let answer = try await client.send(.GET, "/v1/audit?" + AuditCommand.queryString(pairs))
                let items = answer.object["items"]?.arrayValue ?? []
                if options.json && !follow {
                    client.output(answer) { _ in "" }
                    return
                }
                for case .object(let item) in items {
                    if options.json {
                        Console.write(bytes: JSONBodyText.encode(.object(item)) + [0x0A])
                    } else {
                        Console.line(AuditCommand.line(item))
                    }
                    if let seq = item["seq"]?.intValue { last = Int64(seq) }
                    printed += 1
                }
                cursor = nil
                if !follow {
                    if printed >= limit || answer.object["nextCursor"] == nil {
                        if printed == 0 { Console.line("(no entries)") }
                        if answer.object["nextCursor"] != nil { Console.line("more: --after \(last)") }
                        return
                    }
                    continue
                }
                if items.count < pageSize { try await Task.sleep(for: .seconds(1)) }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the chain (exit 0 intact, 1 broken, naming the first entry that was changed, removed, inserted or reordered).",
            discussion: """
                With --checkpoint, also checks the checkpoint's signature and that the log still reaches it with the same hash \
                (truncation, rewritten history). With --from-file, checks a copied database offline, without a server or the \
                master key: the public chain up to a checkpoint signed by --public-key.
                """
        )
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "A checkpoint file from `keyward audit checkpoint`.") var checkpoint: String?
        @Option(name: .long, help: "The audit public key to trust (base64, or a file holding it or GET /v1/audit/public-key's answer).")
        var publicKey: String?
        @Option(name: .customLong("from-file"), help: "Check this copied SQLite database offline.") var fromFile: String?

        func validate() throws {
            if fromFile != nil, checkpoint != nil, publicKey == nil {
                throw ValidationError("--from-file with --checkpoint needs --public-key: the key you trust, not the one the checkpoint names")
            }
        }

        func run() async throws {
            let saved = try checkpoint.map(AuditCommand.readCheckpoint)
            let trusted = try publicKey.map(AuditCommand.readPublicKey)
            if let saved, let trusted {
                do {
                    try saved.verifySignature(trusted: trusted)
                } catch {
                    try AuditCommand.report(intact: false, checked: nil, head: nil, problem: error, json: options.json)
                }
            }
            if let fromFile {
                try await offline(fromFile, checkpoint: saved)
                return
            }
            let client = try options.client()
            if let trusted {
                let key = try await client.send(.GET, "/v1/audit/public-key")
                let served = key.object["publicKey"].flatMap(APIClient.text).flatMap { Data(base64Encoded: $0) }.map(Array.init)
                guard served == trusted else {
                    throw CLIFailure(
                        message: "error: the server's audit public key is not the one given with --public-key", exitCode: CLIExit.negative)
                }
            }
            var pairs: [(String, String?)] = []
            if let saved {
                pairs = [
                    ("seq", String(saved.seq)), ("hash", Hex.encode(saved.hash)), ("digest", Hex.encode(saved.digest)),
                    ("time", Timestamp.format(saved.time)), ("signature", Data(saved.signature).base64EncodedString()),
                ]
            }
            let answer = try await client.send(.GET, "/v1/audit/verify" + (pairs.isEmpty ? "" : "?" + AuditCommand.queryString(pairs)))
            if options.json {
                client.output(answer) { _ in "" }
                if answer.object["intact"] != .bool(true) { throw CLIExit.negative }
                return
            }
            let object = answer.object
            let problem = object["problem"]?.objectValue.map { problem in
                AuditChainProblem(
                    seq: Int64(problem["seq"]?.intValue ?? 0),
                    kind: AuditChainProblem.Kind(rawValue: problem["kind"].flatMap(APIClient.text) ?? "") ?? .altered,
                    message: problem["message"].flatMap(APIClient.text) ?? "")
            }
            let head = object["head"]?.objectValue
            try AuditCommand.report(
                intact: object["intact"] == .bool(true), checked: object["checked"]?.intValue,
                head: head.map { (Int64($0["seq"]?.intValue ?? 0), $0["hash"].flatMap(APIClient.text) ?? "") }, problem: problem,
                checkpoint: saved, json: false)
        }

        /// The public chain of a copied database, without the audit key.
        private func offline(_ path: String, checkpoint: AuditCheckpoint?) async throws {
            let file: SQLiteAuditFile
            do {
                file = try await SQLiteAuditFile.open(path: path)
            } catch let error as KeywardError {
                throw CLIFailure(message: "error: \(error.message)", exitCode: CLIExit.failure)
            }
            let verification: AuditVerification
            do {
                verification = try await AuditLog.verify(reader: file, chain: nil, against: checkpoint)
                await file.close()
            } catch let error as KeywardError {
                await file.close()
                throw CLIFailure(message: "error: \(error.message)", exitCode: CLIExit.failure)
            }
            if checkpoint == nil, !options.json {
                Console.line(
                    "note: without --checkpoint this shows only that the copy is consistent; anyone can rebuild the public chain. "
                        + "Give a checkpoint and the --public-key you trust.")
            }
            try AuditCommand.report(
                intact: verification.isIntact, checked: Int(verification.checked),
                head: (verification.headSeq, Hex.encode(verification.headHash)), problem: verification.problem, checkpoint: checkpoint,
                json: options.json)
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the head of the log and save the checkpoint ({seq, hash, digest, time, signature, publicKey}).")
        @OptionGroup var options: ClientOptions
        @Option(name: .long, help: "Write the checkpoint to this file (default: standard output).") var output: String?

        func run() async throws {
            let client = try options.client()
            let answer = try await client.send(.POST, "/v1/audit/checkpoints")
            guard let json = answer.json, let checkpoint = try? AuditCheckpoint(json: json) else {
                throw CLIFailure(message: "error: the server's answer is not a checkpoint", exitCode: CLIExit.failure)
            }
            let text = JSONBodyText.encode(checkpoint.json) + [0x0A]
            guard let output else {
                Console.write(bytes: text)
                return
            }
            do {
                try Data(text).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CLIFailure(message: "error: cannot write \(output): \(error.localizedDescription)", exitCode: CLIExit.failure)
            }
            if !options.json { Console.line("Checkpoint at seq \(checkpoint.seq) written to \(output). Keep it away from the server.") }
        }
    }

    // MARK: Shared

    static func report(
        intact: Bool, checked: Int?, head: (seq: Int64, hash: String)?, problem: AuditChainProblem?, checkpoint: AuditCheckpoint? = nil,
        json: Bool
    ) throws {
        if json {
            var answer: [String: JSONValue] = ["intact": .bool(problem == nil && intact)]
            if let checked { answer["checked"] = .number(Double(checked)) }
            if let head { answer["head"] = .object(["seq": .number(Double(head.seq)), "hash": .string(head.hash)]) }
            if let problem {
                answer["problem"] = .object([
                    "seq": .number(Double(problem.seq)), "kind": .string(problem.kind.rawValue), "message": .string(problem.message),
                ])
            }
            Console.write(bytes: JSONBodyText.encode(.object(answer)) + [0x0A])
        } else if let problem {
            Console.line("The audit log is BROKEN at entry \(problem.seq) (\(problem.kind.rawValue)): \(problem.message).")
        } else {
            var text = "The audit log is intact: \(checked ?? 0) entries"
            if let head, head.seq > 0 { text += ", head seq \(head.seq) (hash \(head.hash.prefix(16))…)" }
            if let checkpoint { text += "; it holds the checkpoint at seq \(checkpoint.seq) of \(Timestamp.format(checkpoint.time))" }
            Console.line(text + ".")
        }
        if problem != nil || !intact { throw CLIExit.negative }
    }

    static func readCheckpoint(_ path: String) throws -> AuditCheckpoint {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIFailure(message: "error: cannot read the checkpoint \(path)", exitCode: CLIExit.usage)
        }
        guard data.count <= 64 * 1024, let json = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw CLIFailure(message: "error: \(path) is not a checkpoint (not JSON)", exitCode: CLIExit.usage)
        }
        do {
            return try AuditCheckpoint(json: json)
        } catch {
            throw CLIFailure(
                message: "error: \(path) is not a checkpoint: \(error.field.map { "\($0): " } ?? "")\(error.message)", exitCode: CLIExit.usage)
        }
    }

    /// A public key given as base64, or a file holding base64 or the JSON of `GET /v1/audit/public-key`.
    static func readPublicKey(_ text: String) throws -> [UInt8] {
        var candidate = text
        if FileManager.default.fileExists(atPath: text), let data = try? Data(contentsOf: URL(fileURLWithPath: text)), data.count <= 64 * 1024 {
            candidate = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let json = try? JSONDecoder().decode(JSONValue.self, from: data), let key = json.objectValue?["publicKey"].flatMap(APIClient.text) {
                candidate = key
            }
        }
        guard let bytes = Data(base64Encoded: candidate), bytes.count == 32 else {
            throw CLIFailure(
                message: "error: --public-key: expected an Ed25519 public key (32 bytes in base64) or a file holding one", exitCode: CLIExit.usage)
        }
        return Array(bytes)
    }

    /// `24h` (back from now) or an RFC 3339 time, as RFC 3339.
    static func time(_ text: String, option: String, now: Date) throws -> String {
        if let date = try? Timestamp.parse(text) { return Timestamp.format(date) }
        do {
            let duration = try DurationText(parsing: text, field: option)
            return Timestamp.format(now.addingTimeInterval(-duration.timeInterval))
        } catch {
            throw ValidationError("\(option): \(error.message); or give an RFC 3339 time")
        }
    }

    static func queryString(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in value.map { "\(name)=\($0.urlEncoded)" } }.joined(separator: "&")
    }

    /// One table line: `seq  time  actor  action  target  outcome  source  details`.
    static func line(_ item: [String: JSONValue]) -> String {
        let actor = item["actor"]?.objectValue
        var who = actor?["id"].flatMap(APIClient.text) ?? "-"
        if let start = actor?["start"].flatMap(APIClient.text) { who += " (\(start))" }
        let columns = [
            Render.value(item["seq"]).padding(toLength: 6, withPad: " ", startingAt: 0),
            Render.value(item["time"]).padding(toLength: 24, withPad: " ", startingAt: 0),
            who.padding(toLength: 40, withPad: " ", startingAt: 0),
            Render.value(item["action"]).padding(toLength: 22, withPad: " ", startingAt: 0),
            Render.value(item["target"]).padding(toLength: 27, withPad: " ", startingAt: 0),
            Render.value(item["outcome"]).padding(toLength: 8, withPad: " ", startingAt: 0),
            Render.value(item["details"]),
        ]
        return columns.joined(separator: " ")
    }
}
