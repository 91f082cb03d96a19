import Foundation
import Hummingbird
import NIOCore
import OkikKit

/// JSON in and out: sorted keys and ISO 8601 dates out; bodies in are size-limited and refused when they carry a
/// member the request type does not know.
enum JSONBody {
    static var encoder: JSONEncoder { APIJSON.encoder }

    static var decoder: JSONDecoder { APIJSON.decoder }

    /// A JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decodes a request body; an empty body decodes as `{}` when `T` allows that.
    /// - Throws: ``ServerError`` 413 over the limit, 400 for malformed JSON, an unknown member or a bad value (with
    ///   its field).
    static func decode<T: APIRequest>(_ type: T.Type, from request: inout Request, limit: Int) async throws -> T {
        try await decodeObject(T.self, from: &request, limit: limit) { members in
            if let unknown = members.keys.sorted().first(where: { !T.fieldNames.contains($0) }) {
                let allowed = T.fieldNames.isEmpty ? "none" : T.fieldNames.sorted().joined(separator: ", ")
                throw ServerError.badRequest("unknown field \"\(unknown)\" (allowed: \(allowed))", field: unknown)
            }
        }
    }

    /// Decodes a body another program writes (Alertmanager's webhook), whose members grow with its versions:
    /// members `T` does not know are ignored instead of refused; an empty body decodes as `{}`.
    /// - Throws: ``ServerError`` 413 over the limit, 400 for malformed JSON, a body that is not an object, or a
    ///   missing or mistyped member (with its field).
    static func decodeExternal<T: Decodable>(_ type: T.Type, from request: inout Request, limit: Int) async throws -> T {
        try await decodeObject(T.self, from: &request, limit: limit) { _ in }
    }

    /// Collects a body within `limit`, requires a JSON object, lets `check` refuse its members, then decodes it.
    private static func decodeObject<T: Decodable>(
        _ type: T.Type, from request: inout Request, limit: Int, check: ([String: Any]) throws -> Void
    ) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw ServerError.payloadTooLarge(limit: limit)
        }
        var data = Data(buffer.readableBytesView)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { data = Data("{}".utf8) }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw ServerError.badRequest("the body is not valid JSON")
        }
        guard let members = object as? [String: Any] else {
            throw ServerError.badRequest("the body must be a JSON object")
        }
        try check(members)
        do {
            return try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw badRequest(error)
        }
    }

    /// A 400 naming the field a decoding error is about.
    private static func badRequest(_ error: DecodingError) -> ServerError {
        func path(_ keys: [any CodingKey]) -> String? {
            guard !keys.isEmpty else { return nil }
            // `alerts[0].labels`: an index follows its member without a dot.
            return keys.enumerated().map { index, key in
                key.intValue.map { "[\($0)]" } ?? (index == 0 ? key.stringValue : "." + key.stringValue)
            }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("\"\(field ?? key.stringValue)\" is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("\"\(field ?? "body")\" must be \(describe(type))", field: field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("\"\(field ?? "body")\" must be \(describe(type)), not null", field: field)
        case .dataCorrupted(let context):
            return .badRequest("the body is not valid: \(context.debugDescription)", field: path(context.codingPath))
        @unknown default:
            return .badRequest("the body is not valid")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        default: "\(type)"
        }
    }
}
