import AsyncHTTPClient
import Foundation
import KeywardCore
import NIOCore
import NIOHTTP1

/// A small client of Keyward's HTTP API: sends JSON, returns the JSON answer,
/// and turns problem details into a failure with the exit code of SPEC §6.
struct APIClient {
    var baseURL: String
    var token: String
    var printsJSON: Bool

    struct Answer {
        var status: Int
        var body: [UInt8]

        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
        var object: [String: JSONValue] { json?.objectValue ?? [:] }
    }

    /// Sends the request; a non-2xx answer becomes a `CLIFailure` unless `accepting` lists it.
    /// A 401 `MFA_REQUIRED` (step-up, docs/users.md) asks for a code and sends the request once more with it.
    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, accepting: Set<Int> = []) async throws -> Answer {
        let answer = try await send(method, path, body: body, accepting: accepting.union([401]), otp: nil)
        guard answer.status == 401 else { return answer }
        if answer.object["code"] == .string("MFA_REQUIRED"), path != "/v1/login" {
            let code = try PasswordInput.read(prompt: "This action needs a code from your authenticator: ", noun: "MFA code")
            return try await send(method, path, body: body, accepting: accepting, otp: code)
        }
        if accepting.contains(401) { return answer }
        if printsJSON { Console.write(bytes: answer.body + [0x0A]) }
        throw CLIFailure(message: APIClient.describeProblem(answer), exitCode: CLIExit.forStatus(answer.status))
    }

    private func send(_ method: HTTPMethod, _ path: String, body: JSONValue?, accepting: Set<Int>, otp: String?) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let otp { request.headers.add(name: "X-Keyward-OTP", value: otp) }
        request.headers.add(name: "Accept", value: "application/json")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        }
        // A command makes one request: no pool, and no retrying a refused
        // connection for half a minute (a server that is down is said at once).
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let answer: Answer
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
            answer = Answer(status: Int(response.status.code), body: Array(buffer.readableBytesView))
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            let failure = ConnectionFailure(error, plainHTTP: baseURL.lowercased().hasPrefix("http:"))
            throw CLIFailure(message: failure.message(address: baseURL), exitCode: CLIExit.failure)
        }
        if (200..<300).contains(answer.status) || accepting.contains(answer.status) { return answer }
        if printsJSON { Console.write(bytes: answer.body + [0x0A]) }
        throw CLIFailure(message: APIClient.describeProblem(answer), exitCode: CLIExit.forStatus(answer.status))
    }

    static func describeProblem(_ answer: Answer) -> String {
        let problem = answer.object
        let code = problem["code"].flatMap(Self.text) ?? "HTTP_\(answer.status)"
        let detail = problem["detail"].flatMap(Self.text) ?? "the server answered \(answer.status)"
        if let field = problem["field"].flatMap(Self.text) { return "error: \(code): \(field): \(detail)" }
        return "error: \(code): \(detail)"
    }

    static func text(_ value: JSONValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// Prints the answer as JSON (with `--json`) or through `human`.
    func output(_ answer: Answer, human: ([String: JSONValue]) -> String) {
        if printsJSON {
            Console.write(bytes: answer.body + [0x0A])
        } else {
            print(human(answer.object))
        }
    }
}

extension String {
    /// Percent-encodes a path segment or query value.
    var urlEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
