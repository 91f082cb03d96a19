import Foundation
import OkikKubeClient

/// Turns what Yams loads (`Any`) into ``JSONValue``.
enum YAMLBridge {
    static func json(from value: Any?) throws -> JSONValue {
        switch value {
        case nil, is NSNull: return .null
        case let value as Bool: return .bool(value)
        case let value as Int: return .int(value)
        case let value as Double: return .double(value)
        case let value as String: return .string(value)
        case let value as Date: return .string(Timestamp(value).rfc3339)
        case let value as Data: return .string(value.base64EncodedString())
        case let value as [Any?]: return .array(try value.map { try json(from: $0) })
        case let value as [String: Any?]:
            return .object(try value.mapValues { try json(from: $0) })
        case let value as [AnyHashable: Any?]:
            var object: [String: JSONValue] = [:]
            for (key, item) in value { object["\(key.base)"] = try json(from: item) }
            return .object(object)
        default:
            throw APIError.badRequest("unsupported YAML value: \(String(describing: value))")
        }
    }
}
