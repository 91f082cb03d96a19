import Foundation
import MCP
import OkikKit

extension MCP.Value {
    /// The MCP SDK's JSON value for one of OKIK's.
    init(_ json: OkikKubeClient.JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map { MCP.Value($0) })
        case .object(let members): self = .object(members.mapValues { MCP.Value($0) })
        }
    }

    /// Any API body as the SDK's JSON value, encoded the way the REST API encodes it (ISO 8601 dates).
    /// - Throws: when the body cannot be encoded.
    static func api(_ body: some Encodable) throws -> MCP.Value {
        MCP.Value(try OkikKubeClient.JSONValue.parse(try APIJSON.encoder.encode(body)))
    }
}

extension OkikKubeClient.JSONValue {
    /// OKIK's JSON value for one of the MCP SDK's (data travels as its base64 text).
    init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .data(let mimeType, let data):
            self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let values): self = .array(values.map { OkikKubeClient.JSONValue($0) })
        case .object(let members): self = .object(members.mapValues { OkikKubeClient.JSONValue($0) })
        }
    }
}
