import Foundation
import Hummingbird
import KeywardCore
import NIOCore

/// Reading request bodies and writing JSON answers.
enum JSONBody {
    /// Request bodies are limited to 64 KiB.
    static let maximumSize = 64 * 1024

    /// The request body as a JSON object, with field-by-field readers. The body
    /// is measured before it is decoded: more than `JSONLimits.maximumBodyDepth`
    /// levels of nesting is refused without building anything.
    static func object(of request: Request, upTo limit: Int = maximumSize) async throws -> JSONObjectReader {
        let buffer = try await request.body.collect(upTo: limit)
        guard buffer.readableBytes > 0 else {
            throw KeywardError(.invalidJSON, "the request body is empty; send a JSON object")
        }
        if JSONLimits.depth(of: buffer.readableBytesView, limit: JSONLimits.maximumBodyDepth) > JSONLimits.maximumBodyDepth {
            throw KeywardError(.invalidJSON, "the request body is nested deeper than \(JSONLimits.maximumBodyDepth) levels")
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

    /// The value as JSON. The error never describes the value: an answer may
    /// carry a key or token shown once, and error text ends up in logs.
    static func encode(_ value: some Encodable) throws(KeywardError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw KeywardError(.internalError, "an answer could not be encoded as JSON")
        }
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws(KeywardError) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encode(value)))
        )
    }
}
