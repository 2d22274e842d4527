/// Where a finding was found: in the code and configuration that ship, or in
/// tests, fixtures, examples and benchmarks, whose keys are usually made up on
/// purpose (issue 18). Output says `context: test` for the latter;
/// `--ignore-tests` keeps them out of the exit code.
public enum FindingContext: String, Sendable, Hashable {
    case source, test
}

/// Decides the context from a path relative to the repository root (or the
/// scanned folder): by its folder names and by test file naming conventions.
public enum TestPaths {
    /// Folder names (compared lower-cased) that hold tests, fixtures, examples and benchmarks.
    public static let folders: Set<String> = [
        "test", "tests", "__tests__", "testing", "testdata", "test-data", "test_data", "testfixtures", "fixture", "fixtures",
        "__fixtures__", "spec", "specs", "example", "examples", "sample", "samples", "benchmark", "benchmarks", "bench", "benches",
        "__mocks__", "mocks", "e2e", "integration-tests", "integration_tests", "snippets",
    ]

    public static func context(ofPath path: String) -> FindingContext {
        isTest(path) ? .test : .source
    }

    public static func isTest(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let name = components.last else { return false }
        for folder in components.dropLast() where isTestFolder(folder) { return true }
        return isTestFile(name)
    }

    /// `tests`, `Fixtures`, and the test, benchmark and example targets of Swift, Kotlin and .NET
    /// (`NIOPosixTests`, `NIOPerformanceTester`, `App.Tests`, `core-test`).
    static func isTestFolder(_ folder: Substring) -> Bool {
        if folders.contains(folder.lowercased()) { return true }
        if ["Tests", "Test", "Benchmarks", "Tester", "Examples"].contains(where: { folder.hasSuffix($0) }) { return true }
        let lower = folder.lowercased()
        return [".tests", "-tests", "_tests", "-test", "_test", ".test"].contains { lower.hasSuffix($0) }
    }

    /// `foo_test.go`, `test_foo.py`, `foo.test.ts`, `foo.spec.js`, `FooTests.swift`, `FooTest.java`, `foo_spec.rb`, `JWTKitExamples.swift`,
    /// and example files such as `.env.example` or `config.sample.yml`.
    static func isTestFile(_ name: Substring) -> Bool {
        let lower = name.lowercased()
        let stem = lower.split(separator: ".").first.map(String.init) ?? lower
        if stem.hasPrefix("test_") || stem.hasSuffix("_test") || stem.hasSuffix("_tests") || stem.hasSuffix("_spec") { return true }
        let parts = lower.split(separator: ".").dropFirst()
        if parts.contains(where: { ["test", "tests", "spec", "example", "sample", "fixture"].contains($0) }) { return true }
        if let original = name.split(separator: ".").first, ["Tests", "Test", "Examples", "Example"].contains(where: { original.hasSuffix($0) }) {
            return true
        }
        return false
    }
}
