import Foundation

/// Decodes list responses item by item: the items array is split at the byte level and each item is decoded on
/// its own, so the decoder never holds a parsed tree of the whole list. Peak memory stays close to the decoded
/// result instead of several times the JSON size, which matters for lists of tens of thousands of pods. Large lists
/// are decoded in chunks on several cores.
enum ListDecoder {
    /// Where a list's parts sit in the body: its decoded envelope and the byte range of every item.
    struct Layout: Sendable {
        var apiVersion: String?
        var kind: String?
        var metadata = ListMeta()
        var items: [Range<Int>] = []

        /// The list with these envelope fields and `items`.
        func list<Item>(_ items: [Item]) -> ResourceList<Item> {
            ResourceList(apiVersion: apiVersion, kind: kind, metadata: metadata, items: items)
        }
    }

    /// Lists with at least this many items are decoded in parallel chunks.
    static let parallelThreshold = 1_000

    /// Decodes a list on the calling thread.
    static func decode<Item: Decodable & Sendable>(_ type: Item.Type, from bytes: UnsafeBufferPointer<UInt8>) throws
        -> ResourceList<Item>
    {
        let layout = try scan(bytes)
        return layout.list(try decodeItems(Item.self, ranges: layout.items[...], from: bytes))
    }

    /// Decodes a list, splitting large ones into one chunk of items per core.
    static func decode<Item: Decodable & Sendable>(_ type: Item.Type, from body: [UInt8]) async throws -> ResourceList<Item> {
        let layout = try body.withUnsafeBufferPointer { try scan($0) }
        let ranges = layout.items
        let chunks = ranges.count < parallelThreshold ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        if chunks == 1 {
            return layout.list(try body.withUnsafeBufferPointer { try decodeItems(Item.self, ranges: ranges[...], from: $0) })
        }
        let size = (ranges.count + chunks - 1) / chunks
        let items = try await withThrowingTaskGroup(of: (Int, [Item]).self) { group in
            for start in stride(from: 0, to: ranges.count, by: size) {
                let slice = ranges[start..<min(start + size, ranges.count)]
                group.addTask {
                    (start, try body.withUnsafeBufferPointer { try decodeItems(Item.self, ranges: slice, from: $0) })
                }
            }
            var parts: [(Int, [Item])] = []
            for try await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        return layout.list(items)
    }

    /// Walks the top-level object: decodes kind, apiVersion and metadata, and records where each item is.
    ///
    /// A list must have an `items` array. `"items": null` or no `items` (what some servers send for an empty list)
    /// is accepted only from a body whose kind ends in `List`; anything else (`{}`, a `Status` from a proxy that
    /// answered 200) is not a list and is refused, rather than read as an empty one.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Layout {
        var scanner = JSONScanner(bytes: bytes)
        var layout = Layout()
        var hasItemsArray = false
        try scanner.expect(UInt8(ascii: "{"))
        if try scanner.consumeIf(UInt8(ascii: "}")) { throw notAList(layout) }
        repeat {
            let key = try scanner.string()
            try scanner.expect(UInt8(ascii: ":"))
            switch key {
            case "items":
                scanner.skipWhitespace()
                if try scanner.consumeNull() { break }
                try scanner.expect(UInt8(ascii: "["))
                hasItemsArray = true
                if try scanner.consumeIf(UInt8(ascii: "]")) { break }
                repeat {
                    layout.items.append(try scanner.skipValue())
                } while try scanner.consumeIf(UInt8(ascii: ","))
                try scanner.expect(UInt8(ascii: "]"))
            case "metadata":
                let range = try scanner.skipValue()
                layout.metadata = try decodeValue(ListMeta.self, from: bytes, range: range, path: [PathKey("metadata")])
            case "apiVersion", "kind":
                let range = try scanner.skipValue()
                let value = try decodeValue(String?.self, from: bytes, range: range, path: [PathKey(key)])
                if key == "kind" { layout.kind = value } else { layout.apiVersion = value }
            default:
                _ = try scanner.skipValue()
            }
        } while try scanner.consumeIf(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"))
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected data after the list") }
        guard hasItemsArray || layout.kind?.hasSuffix("List") == true else { throw notAList(layout) }
        return layout
    }

    /// The error for a 2xx body that is not a list.
    private static func notAList(_ layout: Layout) -> DecodingError {
        let kind = layout.kind.map { "kind \"\($0)\"" } ?? "no kind"
        return DecodingError.keyNotFound(
            PathKey("items"),
            .init(codingPath: [], debugDescription: "the response is not a list: no \"items\" array (\(kind))"))
    }

    /// Decodes the items at `ranges`; errors name the item by its index in the whole list (`firstIndex` is the
    /// index of this body's first item, for later pages of a paged list).
    static func decodeItems<Item: Decodable>(
        _ type: Item.Type, ranges: ArraySlice<Range<Int>>, from bytes: UnsafeBufferPointer<UInt8>, firstIndex: Int = 0
    ) throws -> [Item] {
        var items: [Item] = []
        items.reserveCapacity(ranges.count)
        for index in ranges.indices {
            let path: [any CodingKey] = [PathKey("items"), PathKey(firstIndex + index)]
            items.append(try decodeValue(Item.self, from: bytes, range: ranges[index], path: path))
        }
        return items
    }

    /// An item that failed to decode: its index in the whole list, what could be read of its identity, and why.
    struct ItemFailure: Sendable {
        var index: Int
        var namespace: String?
        var name: String?
        /// The error, its coding path relative to the item.
        var error: DecodingError
    }

    /// Decodes the items at `ranges` one by one, keeping those that decode and recording the others. When every
    /// item decodes this does exactly what ``decodeItems(_:ranges:from:firstIndex:)`` does (each item is decoded
    /// alone either way), so it costs nothing extra; only a failed item is parsed again, for its name.
    static func decodeItemsLeniently<Item: Decodable>(
        _ type: Item.Type, ranges: ArraySlice<Range<Int>>, from bytes: UnsafeBufferPointer<UInt8>, firstIndex: Int = 0
    ) -> (items: [Item], failures: [ItemFailure]) {
        var items: [Item] = []
        items.reserveCapacity(ranges.count)
        var failures: [ItemFailure] = []
        for index in ranges.indices {
            do {
                items.append(try decodeValue(Item.self, from: bytes, range: ranges[index], path: []))
            } catch {
                let decodingError = error as? DecodingError
                    ?? DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(error)", underlyingError: error))
                let metadata = try? JSONValue.parse(bytes: UnsafeBufferPointer(rebasing: bytes[ranges[index]]))["metadata"]
                failures.append(
                    ItemFailure(
                        index: firstIndex + index, namespace: metadata?["namespace"]?.stringValue,
                        name: metadata?["name"]?.stringValue, error: decodingError))
            }
        }
        return (items, failures)
    }

    /// Parses and decodes one value; a parse error becomes a `DecodingError` at `path`.
    static func decodeValue<T: Decodable>(
        _ type: T.Type, from bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, path: [any CodingKey]
    ) throws -> T {
        do {
            return try JSONValue.decode(T.self, fromJSON: UnsafeBufferPointer(rebasing: bytes[range]))
        } catch let error as DecodingError {
            throw error.prefixed(by: path)
        } catch let error as JSONParseError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: path, debugDescription: "invalid JSON at byte \(range.lowerBound + error.offset): \(error.reason)",
                    underlyingError: error))
        }
    }
}

/// One page of a list response as received: the body, and its envelope and item ranges (see `ListDecoder.scan`).
struct ListPage: Sendable {
    let request: KubeRequest
    let body: [UInt8]
    let layout: ListDecoder.Layout
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
        return try ListDecoder.decodeValue(String.self, from: bytes, range: range, path: [])
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
    static func decodeItemwise(from body: [UInt8]) async throws -> Self
}

extension ResourceList: ItemwiseDecodable {
    static func decodeItemwise(from body: [UInt8]) async throws -> ResourceList<Item> {
        try await ListDecoder.decode(Item.self, from: body)
    }

    /// Decodes a list response body the way the client does: item by item, with low peak memory.
    /// - Throws: `DecodingError` naming the item and field that failed.
    public static func decode(fromJSON bytes: [UInt8]) throws -> ResourceList<Item> {
        try bytes.withUnsafeBufferPointer { try ListDecoder.decode(Item.self, from: $0) }
    }
}
