import Foundation

extension JSONValue {
    /// Decodes any `Decodable` value straight from this tree, without writing JSON text and parsing it again. It
    /// accepts what `JSONDecoder` with its default strategies accepts and throws the same `DecodingError`s, with the
    /// coding path of the field that failed.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try TreeDecoder(value: self, parent: nil, key: nil).unwrap(T.self)
    }

    /// Parses JSON text and decodes it: the fast path for typed models (the hand-written parser, then the tree).
    /// - Throws: ``JSONParseError`` for text that is not JSON, `DecodingError` for JSON of the wrong shape.
    public static func decode<T: Decodable>(_ type: T.Type, fromJSON bytes: some Collection<UInt8>) throws -> T {
        try parse(bytes: bytes).decode(as: T.self)
    }
}

/// A `Decoder` over one node of a `JSONValue` tree. The coding path is kept as a parent chain and built only when
/// an error needs it, so decoding a nested model allocates nothing for paths.
private final class TreeDecoder: Decoder {
    let value: JSONValue
    let parent: TreeDecoder?
    let key: (any CodingKey)?

    init(value: JSONValue, parent: TreeDecoder?, key: (any CodingKey)?) {
        self.value = value
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: TreeDecoder? = self
        while let current = node, let key = current.key {
            path.append(key)
            node = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .object(let members):
            return KeyedDecodingContainer(TreeKeyedContainer<Key>(decoder: self, members: members))
        case .null:
            throw DecodingError.valueNotFound(
                [String: JSONValue].self,
                .init(codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
        default:
            throw mismatch([String: JSONValue].self)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .array(let elements):
            return TreeUnkeyedContainer(decoder: self, elements: elements)
        case .null:
            throw DecodingError.valueNotFound(
                [JSONValue].self,
                .init(codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
        default:
            throw mismatch([JSONValue].self)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func child(_ value: JSONValue, key: any CodingKey) -> TreeDecoder {
        TreeDecoder(value: value, parent: self, key: key)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found \(value.kindDescription) instead."))
    }

    /// Decodes `T` from this node, with the special cases `JSONDecoder` makes under its default strategies.
    func unwrap<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        if T.self == String.self { return try decodeString() as! T }
        if T.self == Int.self { return try decodeInteger(Int.self) as! T }
        if T.self == Bool.self { return try decode(Bool.self) as! T }
        if T.self == Double.self { return try decode(Double.self) as! T }
        if T.self == Int64.self { return try decodeInteger(Int64.self) as! T }
        if T.self == Int32.self { return try decodeInteger(Int32.self) as! T }
        if case .object(let members) = value, let dictionary = T.self as? any StringKeyedDictionary.Type {
            return try dictionary.decode(members, in: self) as! T
        }
        if T.self == URL.self {
            let text = try decodeString()
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Invalid URL string."))
            }
            return url as! T
        }
        if T.self == Data.self {
            guard let data = Data(base64Encoded: try decodeString()) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Encountered Data is not valid Base64."))
            }
            return data as! T
        }
        return try T(from: self)
    }

    fileprivate func decodeString() throws -> String {
        if case .string(let text) = value { return text }
        throw nullOrMismatch(String.self)
    }

    fileprivate func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch value {
        case .int(let number):
            if let exact = I(exactly: number) { return exact }
        case .double(let number):
            if number.rounded(.towardZero) == number, let exact = I(exactly: number) { return exact }
        default:
            throw nullOrMismatch(I.self)
        }
        throw DecodingError.dataCorrupted(
            .init(codingPath: codingPath, debugDescription: "Number \(value.jsonString()) does not fit in \(I.self)."))
    }

    fileprivate func decodeFloatingPoint<F: BinaryFloatingPoint>(_ type: F.Type) throws -> F {
        switch value {
        case .int(let number): return F(number)
        case .double(let number): return F(number)
        default: throw nullOrMismatch(F.self)
        }
    }

    private func nullOrMismatch(_ type: Any.Type) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(
                type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return mismatch(type)
    }
}

extension TreeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        if case .bool(let flag) = value { return flag }
        throw nullOrMismatch(Bool.self)
    }

    func decode(_ type: String.Type) throws -> String { try decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decodeFloatingPoint(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try decodeFloatingPoint(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try unwrap(T.self) }
}

/// Dictionaries keyed by strings (labels, annotations, resource lists) are built straight from the object's
/// members, without a keyed container and a coding key per entry.
private protocol StringKeyedDictionary {
    static func decode(_ members: [String: JSONValue], in decoder: TreeDecoder) throws -> Self
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Decodable {
    fileprivate static func decode(_ members: [String: JSONValue], in decoder: TreeDecoder) throws -> Self {
        if Value.self == String.self {
            var strings = [String: String](minimumCapacity: members.count)
            for (key, member) in members {
                guard case .string(let text) = member else {
                    throw decoder.child(member, key: TreeIndexKey(stringValue: key)).mismatch(String.self)
                }
                strings[key] = text
            }
            return strings as! Self
        }
        var result = Self(minimumCapacity: members.count)
        for (key, member) in members {
            result[key] = try decoder.child(member, key: TreeIndexKey(stringValue: key)).unwrap(Value.self)
        }
        return result
    }
}

/// The members of one JSON object, read by key.
private struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TreeDecoder
    let members: [String: JSONValue]

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func member(_ key: Key) throws -> TreeDecoder {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return decoder.child(value, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).decode(Bool.self) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        if case .string(let text)? = members[key.stringValue] { return text }
        return try member(key).decodeString()
    }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).decode(Double.self) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try member(key).decode(Float.self) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        if case .int(let number)? = members[key.stringValue] { return number }
        return try member(key).decodeInteger(Int.self)
    }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key).decode(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key).decode(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key).decode(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).decode(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key).decode(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key).decode(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key).decode(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).decode(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).decode(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key).unwrap(T.self) }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        switch members[key.stringValue] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: throw decoder.child(value, key: key).mismatch(String.self)
        }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        switch members[key.stringValue] {
        case nil, .null?: return nil
        case .int(let number)?: return number
        case let value?: return try decoder.child(value, key: key).decodeInteger(Int.self)
        }
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        switch members[key.stringValue] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let value?: throw decoder.child(value, key: key).mismatch(Bool.self)
        }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        switch members[key.stringValue] {
        case nil, .null?: return nil
        case let value?: return try decoder.child(value, key: key).unwrap(T.self)
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try member(key).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try member(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(members["super"] ?? .null, key: TreeIndexKey(stringValue: "super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(members[key.stringValue] ?? .null, key: key)
    }
}

/// The elements of one JSON array, read in order.
private struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    let elements: [JSONValue]
    var currentIndex = 0

    init(decoder: TreeDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> TreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type,
                .init(
                    codingPath: codingPath + [TreeIndexKey(index: currentIndex)], debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return decoder.child(elements[currentIndex], key: TreeIndexKey(index: currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return false }
        if case .null = elements[currentIndex] {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).decode(Bool.self) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type).decodeString() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type).decode(Double.self) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type).decode(Float.self) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type).decodeInteger(Int.self) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type).decode(Int8.self) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type).decode(Int16.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type).decode(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).decode(Int64.self) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type).decode(UInt.self) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type).decode(UInt8.self) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type).decode(UInt16.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type).decode(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type).decode(UInt64.self) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).unwrap(T.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next([String: JSONValue].self).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([JSONValue].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next(JSONValue.self) }
}

/// A coding-path element for array indexes, dictionary keys and `super`. An index's text ("Index 3") is made only
/// when a coding path is read (every array element decoded gets a key, and few paths are ever read).
private struct TreeIndexKey: CodingKey {
    private let name: String?
    let intValue: Int?

    var stringValue: String { name ?? "Index \(intValue ?? 0)" }

    init(index: Int) {
        name = nil
        intValue = index
    }

    init(stringValue: String) {
        name = stringValue
        intValue = nil
    }

    init?(intValue: Int) { self.init(index: intValue) }
}

extension JSONValue {
    /// "a string", "a number", ... for error messages.
    fileprivate var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "a dictionary"
        }
    }
}
