import Foundation
import Hummingbird
import KeywardCore
import NIOCore

/// Reading request bodies and writing JSON answers.
enum JSONBody {
    /// Request bodies are limited to 64 KiB.
    static let maximumSize = 64 * 1024

    /// The request body as a JSON object, with field-by-field readers.
    static func object(of request: Request) async throws -> JSONObjectReader {
        let buffer = try await request.body.collect(upTo: maximumSize)
        guard buffer.readableBytes > 0 else {
            throw KeywardError(.invalidJSON, "the request body is empty; send a JSON object")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw KeywardError(.invalidJSON, "the request body is not valid JSON\(JSONBody.position(of: error))")
        }
        guard case .object(let members) = value else {
            throw KeywardError(.invalidJSON, "the request body must be a JSON object")
        }
        return JSONObjectReader(members: members)
    }

    /// The body as an object, or an empty object when there is no body.
    static func optionalObject(of request: Request) async throws -> JSONObjectReader {
        let buffer = try await request.body.collect(upTo: maximumSize)
        if buffer.readableBytes == 0 { return JSONObjectReader(members: [:]) }
        return try await object(of: Request(head: request.head, body: .init(buffer: buffer)))
    }

    static func position(of error: any Error) -> String {
        guard case DecodingError.dataCorrupted(let context) = error,
            let underlying = context.underlyingError as NSError?,
            let index = underlying.userInfo["NSJSONSerializationErrorIndex"] as? Int
        else { return "" }
        return " (near byte \(index))"
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Views are plain strings, numbers, arrays and objects: encoding cannot fail.
        return Array(try! encoder.encode(value))
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: encode(value)))
        )
    }
}
