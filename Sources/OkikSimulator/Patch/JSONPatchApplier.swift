import Foundation
import OkikKubeClient

/// Applies RFC 6902 JSON patches.
enum JSONPatchApplier {
    static func apply(_ operations: JSONValue, to document: JSONValue) throws -> JSONValue {
        guard let list = operations.arrayValue else {
            throw APIError.badRequest("json patch must be an array of operations")
        }
        var document = document
        for (index, operation) in list.enumerated() {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue else {
                throw APIError.badRequest("json patch operation \(index) needs \"op\" and \"path\"")
            }
            let pointer = try parsePointer(path)
            switch op {
            case "add":
                guard let value = operation["value"] else { throw missingValue(index) }
                document = try set(document, pointer[...], value, insert: true)
            case "replace":
                guard let value = operation["value"] else { throw missingValue(index) }
                _ = try get(document, pointer[...], path: path)
                document = try set(document, pointer[...], value, insert: false)
            case "remove":
                document = try remove(document, pointer[...], path: path)
            case "test":
                guard let value = operation["value"] else { throw missingValue(index) }
                guard try get(document, pointer[...], path: path) == value else {
                    throw APIError.invalidPatch("testing value \(path) failed")
                }
            case "move", "copy":
                guard let from = operation["from"]?.stringValue else {
                    throw APIError.badRequest("json patch \(op) operation \(index) needs \"from\"")
                }
                let fromPointer = try parsePointer(from)
                let value = try get(document, fromPointer[...], path: from)
                if op == "move" { document = try remove(document, fromPointer[...], path: from) }
                document = try set(document, pointer[...], value, insert: true)
            default:
                throw APIError.badRequest("json patch operation \(index): unknown op \"\(op)\"")
            }
        }
        return document
    }

    private static func missingValue(_ index: Int) -> APIError {
        APIError.badRequest("json patch operation \(index) needs \"value\"")
    }

    static func parsePointer(_ path: String) throws -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw APIError.badRequest("invalid JSON pointer \"\(path)\"") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func get(_ value: JSONValue, _ pointer: ArraySlice<String>, path: String) throws -> JSONValue {
        guard let head = pointer.first else { return value }
        switch value {
        case .object(let object):
            guard let child = object[head] else { throw APIError.invalidPatch("path \(path) does not exist") }
            return try get(child, pointer.dropFirst(), path: path)
        case .array(let array):
            guard let index = Int(head), array.indices.contains(index) else {
                throw APIError.invalidPatch("path \(path): index out of range")
            }
            return try get(array[index], pointer.dropFirst(), path: path)
        default:
            throw APIError.invalidPatch("path \(path) does not exist")
        }
    }

    private static func set(_ value: JSONValue, _ pointer: ArraySlice<String>, _ new: JSONValue, insert: Bool) throws -> JSONValue {
        guard let head = pointer.first else { return new }
        let rest = pointer.dropFirst()
        switch value {
        case .object(var object):
            if rest.isEmpty {
                object[head] = new
            } else {
                guard let child = object[head] else {
                    throw APIError.invalidPatch("doc is missing path: /\(pointer.joined(separator: "/"))")
                }
                object[head] = try set(child, rest, new, insert: insert)
            }
            return .object(object)
        case .array(var array):
            if rest.isEmpty {
                if head == "-" {
                    array.append(new)
                } else if let index = Int(head), index >= 0, index <= array.count {
                    if insert { array.insert(new, at: index) } else if index < array.count { array[index] = new } else {
                        throw APIError.invalidPatch("index \(index) out of range")
                    }
                } else {
                    throw APIError.invalidPatch("invalid array index \(head)")
                }
            } else {
                guard let index = Int(head), array.indices.contains(index) else {
                    throw APIError.invalidPatch("invalid array index \(head)")
                }
                array[index] = try set(array[index], rest, new, insert: insert)
            }
            return .array(array)
        default:
            throw APIError.invalidPatch("doc is missing path: /\(pointer.joined(separator: "/"))")
        }
    }

    private static func remove(_ value: JSONValue, _ pointer: ArraySlice<String>, path: String) throws -> JSONValue {
        guard let head = pointer.first else { throw APIError.invalidPatch("cannot remove the document root") }
        let rest = pointer.dropFirst()
        switch value {
        case .object(var object):
            guard let child = object[head] else { throw APIError.invalidPatch("path \(path) does not exist") }
            object[head] = rest.isEmpty ? nil : try remove(child, rest, path: path)
            return .object(object)
        case .array(var array):
            guard let index = Int(head), array.indices.contains(index) else {
                throw APIError.invalidPatch("path \(path): index out of range")
            }
            if rest.isEmpty { array.remove(at: index) } else { array[index] = try remove(array[index], rest, path: path) }
            return .array(array)
        default:
            throw APIError.invalidPatch("path \(path) does not exist")
        }
    }
}

extension APIError {
    /// A patch that cannot be applied (`the server rejected our request due to an error in our request`).
    static func invalidPatch(_ message: String) -> APIError {
        APIError(code: 422, reason: "Invalid", message: message)
    }
}
