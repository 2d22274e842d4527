import Foundation
import KeywardTesting
import Testing

/// `keyward secret import FILE.env` with a real file and a real server, and the
/// `keyward run` line it prints.
@Suite("CLI secret import", .serialized)
struct SecretImportTests {
    static let dotenv = #"""
        # database
        export DB_PASSWORD='p@ss w0rd # not a comment'
        API_TOKEN=tok-import-value   # a comment
        MULTI="line one
        line two\tand a tab"
        EMPTY=
        """#

    @Test("every variable becomes a secret under the prefix; run gives them back; --delete-file removes the file after reading back")
    func importAndRun() async throws {
        let folder = try TemporaryFolder("keyward-import")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let file = folder.file("app.env")
        try Self.dotenv.write(toFile: file, atomically: true, encoding: .utf8)

        let imported = try server.cli(["secret", "import", file, "--prefix", "app", "--delete-file"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("Stored 4 secrets under app/: DB_PASSWORD, API_TOKEN, MULTI, EMPTY."), "\(imported)")
        #expect(imported.stdout.contains("keyward run --prefix app/ -- COMMAND"), "\(imported)")
        #expect(!imported.stdout.contains("tok-import-value") && !imported.stdout.contains("p@ss"))
        #expect(!FileManager.default.fileExists(atPath: file), "--delete-file kept the file")

        let shown = try server.cli([
            "run", "--prefix", "app/", "--", "/bin/sh", "-c", #"printf '%s|%s|%s|%s' "$DB_PASSWORD" "$API_TOKEN" "$MULTI" "${EMPTY-unset}""#,
        ])
        #expect(shown.stdout == "p@ss w0rd # not a comment|tok-import-value|line one\nline two\tand a tab|", "\(shown)")
    }

    @Test("a line that cannot be parsed stops the import before anything is stored, naming the line; the file stays")
    func badLine() async throws {
        let folder = try TemporaryFolder("keyward-import-bad")
        defer { folder.remove() }
        let server = ServerProcess(folder: folder)
        try await server.start()
        defer { server.stop() }
        let file = folder.file("bad.env")
        try "GOOD=first-import-value\nthis line is not an assignment\n".write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try server.cli(["secret", "import", file, "--prefix", "app/", "--delete-file"])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("INVALID_DOTENV") && refused.stderr.contains("line 2"), "\(refused)")
        #expect(!refused.stderr.contains("first-import-value"))
        #expect(FileManager.default.fileExists(atPath: file))
        let list = try server.cli(["secret", "list", "--json"])
        #expect((list.json["items"] as? [Any])?.isEmpty == true, "\(list)")
    }
}
