import Foundation
import KeywardCore
import KeywardStore
import Testing

/// The behaviour every `Store` backend must show. A backend's test target runs
/// each case against a fresh store from its own factory:
///
/// ```swift
/// @Test(arguments: StoreConformance.cases)
/// func conformance(_ check: StoreConformance.Case) async throws {
///     try await check.run(makeStore)
/// }
/// ```
public enum StoreConformance {
    public typealias Factory = @Sendable () async throws -> any Store

    /// One named check.
    public struct Case: Sendable, CustomStringConvertible {
        public let description: String
        let body: @Sendable (any Store) async throws -> Void

        init(_ description: String, _ body: @escaping @Sendable (any Store) async throws -> Void) {
            self.description = description
            self.body = body
        }

        /// Runs the check on a fresh store and closes it.
        public func run(_ factory: Factory) async throws {
            let store = try await factory()
            do {
                try await body(store)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    public static let cases: [Case] =
        systemValueCases + keyspaceCases + keyCases + listCases + tokenCases + concurrencyCases + auditCases + rotationCases + quotaCases
        + secretCases + monitoringCases + webhookCases + rateWindowCases
}

/// Expects `body` to throw a `KeywardError` with `code`.
func expectError(_ code: KeywardError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
    do {
        try await body()
        Issue.record("expected \(code.rawValue), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as KeywardError {
        #expect(error.code == code, "expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(code.rawValue), got \(error)", sourceLocation: sourceLocation)
    }
}
