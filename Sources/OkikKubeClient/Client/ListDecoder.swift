import Foundation

/// Decodes list responses item by item: the items array is split at the byte level and each item is decoded on
/// its own, so the decoder never holds a parsed tree of the whole list. Peak memory stays close to the decoded
/// result instead of several times the JSON size, which matters for lists of tens of thousands of pods.
enum ListDecoder {
    static func decode<Item: Decodable & Sendable>(_ type: Item.Type, from bytes: UnsafeBufferPointer<UInt8>) throws
        -> ResourceList<Item>
    {
        var scanner = JSONScanner(bytes: bytes)
        var list = ResourceList<Item>(items: [])
        try scanner.expect(UInt8(ascii: "{"))
        if try scanner.consumeIf(UInt8(ascii: "}")) { return list }
        repeat {
            let key = try scanner.string()
            try scanner.expect(UInt8(ascii: ":"))
            switch key {
            case "items":
                scanner.skipWhitespace()
                if try scanner.consumeNull() { break }
                try scanner.expect(UInt8(ascii: "["))
                if try scanner.consumeIf(UInt8(ascii: "]")) { break }
                let decoder = JSONDecoder()
                repeat {
                    let range = try scanner.skipValue()
                    do {
                        list.items.append(try decoder.decode(Item.self, from: Data(UnsafeBufferPointer(rebasing: bytes[range]))))
                    } catch let error as DecodingError {
                        throw error.prefixed(by: [PathKey("items"), PathKey(list.items.count)])
                    }
                } while try scanner.consumeIf(UInt8(ascii: ","))
                try scanner.expect(UInt8(ascii: "]"))
            case "metadata":
                let range = try scanner.skipValue()
                list.metadata = try JSONDecoder().decode(ListMeta.self, from: Data(UnsafeBufferPointer(rebasing: bytes[range])))
            case "apiVersion", "kind":
                let range = try scanner.skipValue()
                let value = try JSONDecoder().decode(String?.self, from: Data(UnsafeBufferPointer(rebasing: bytes[range])))
                if key == "kind" { list.kind = value } else { list.apiVersion = value }
            default:
                _ = try scanner.skipValue()
            }
        } while try scanner.consumeIf(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"))
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected data after the list") }
        return list
    }
}

/// A minimal JSON tokenizer: enough to walk object keys and find the byte range of any value.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index >= bytes.count }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func error(_ message: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(message) at byte \(index)"))
    }

    mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw error("expected '\(Character(Unicode.Scalar(byte)))'")
        }
        index += 1
    }

    mutating func consumeIf(_ byte: UInt8) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func consumeNull() throws -> Bool {
        skipWhitespace()
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        _ = try skipValue()
        return true
    }

    /// Reads a string token (object keys), decoding escapes only when present.
    mutating func string() throws -> String {
        skipWhitespace()
        let range = try skipValue()
        guard bytes[range.lowerBound] == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let inner = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return try JSONDecoder().decode(String.self, from: Data(UnsafeBufferPointer(rebasing: bytes[range])))
    }

    /// Skips one value and returns its byte range.
    mutating func skipValue() throws -> Range<Int> {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of data") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "\""):
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                } else if byte == UInt8(ascii: "\"") {
                    index += 1
                    return start..<index
                } else {
                    index += 1
                }
            }
            throw error("unterminated string")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    _ = try skipValue()
                    continue
                }
                if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return start..<index
                    }
                }
                index += 1
            }
            throw error("unterminated object or array")
        default:
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D:
                    guard index > start else { throw error("expected a value") }
                    return start..<index
                default:
                    index += 1
                }
            }
            guard index > start else { throw error("expected a value") }
            return start..<index
        }
    }
}

/// A coding-path element for errors raised while decoding one item of a list.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) {
        stringValue = string
        intValue = nil
    }
    init(_ int: Int) {
        stringValue = String(int)
        intValue = int
    }
    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { self.init(intValue) }
}

extension DecodingError {
    /// The same error with `prefix` in front of its coding path (an item's error, seen from the whole list).
    func prefixed(by prefix: [any CodingKey]) -> DecodingError {
        switch self {
        case .typeMismatch(let type, let context):
            return .typeMismatch(type, context.prefixed(by: prefix))
        case .valueNotFound(let type, let context):
            return .valueNotFound(type, context.prefixed(by: prefix))
        case .keyNotFound(let key, let context):
            return .keyNotFound(key, context.prefixed(by: prefix))
        case .dataCorrupted(let context):
            return .dataCorrupted(context.prefixed(by: prefix))
        @unknown default:
            return self
        }
    }
}

extension DecodingError.Context {
    fileprivate func prefixed(by prefix: [any CodingKey]) -> DecodingError.Context {
        DecodingError.Context(codingPath: prefix + codingPath, debugDescription: debugDescription, underlyingError: underlyingError)
    }
}

/// Types decoded item by item when they arrive as a whole response body.
protocol ItemwiseDecodable {
    static func decodeItemwise(from bytes: UnsafeBufferPointer<UInt8>) throws -> Self
}

extension ResourceList: ItemwiseDecodable {
    static func decodeItemwise(from bytes: UnsafeBufferPointer<UInt8>) throws -> ResourceList<Item> {
        try ListDecoder.decode(Item.self, from: bytes)
    }

    /// Decodes a list response body the way the client does: item by item, with low peak memory.
    /// - Throws: `DecodingError` naming the item and field that failed.
    public static func decode(fromJSON bytes: [UInt8]) throws -> ResourceList<Item> {
        try bytes.withUnsafeBufferPointer { try ListDecoder.decode(Item.self, from: $0) }
    }
}
