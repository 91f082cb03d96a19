import Foundation
import OkikKubeClient

/// Derives a ``FieldTree`` from a `Decodable` model by decoding it with a probing decoder: every key the model's
/// `init(from:)` asks for becomes a field, dictionaries become maps and arrays lists. Types listed in
/// ``UnmodeledFields`` get the real API fields the model leaves out, as open subtrees.
enum FieldTreeProbe {
    /// The tree of a model type.
    static func tree<T: Decodable>(of type: T.Type) -> FieldTree {
        let root = ProbeNode()
        _ = try? decode(T.self, into: root, depth: 0)
        return root.tree
    }

    /// Decodes a sample of `T` while recording its shape into `node`; special value types become scalars.
    static func decode<T: Decodable>(_ type: T.Type, into node: ProbeNode, depth: Int) throws -> T {
        if let sample = scalarSample(T.self) {
            node.shape = .scalar(sample.openAPIType)
            if let value = sample.value as? T { return value }
        }
        guard depth < 40 else {
            node.shape = .open
            throw ProbeLimit()
        }
        let value = try T(from: ProbeDecoder(node: node, depth: depth + 1))
        if UnmodeledFields.openTypes.contains(ObjectIdentifier(T.self)) {
            node.shape = .open
        } else if let extra = UnmodeledFields.extraFields[ObjectIdentifier(T.self)], case .object = node.shape {
            for field in extra where node.children[field] == nil { node.children[field] = ProbeNode(shape: .open) }
        }
        return value
    }

    private static func scalarSample(_ type: Any.Type) -> (value: Any, openAPIType: String)? {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(Quantity.self): (Quantity(integer: 0), "int-or-string")
        case ObjectIdentifier(IntOrString.self): (IntOrString.int(0), "int-or-string")
        case ObjectIdentifier(Timestamp.self): (Timestamp(seconds: 0), "string")
        case ObjectIdentifier(JSONValue.self): (JSONValue.null, "open")
        default: nil
        }
    }
}

/// Raised when a model nests deeper than the probe follows (a recursive type); the subtree becomes open.
struct ProbeLimit: Error {}

/// The shape recorded for one position of a model while probing.
final class ProbeNode {
    enum Shape {
        case unknown
        case scalar(String)
        case open
        case object
        case list
        case map
    }

    var shape: Shape
    var children: [String: ProbeNode] = [:]

    init(shape: Shape = .unknown) {
        self.shape = shape
    }

    func child(_ name: String) -> ProbeNode {
        if let existing = children[name] { return existing }
        let node = ProbeNode()
        children[name] = node
        return node
    }

    var tree: FieldTree {
        switch shape {
        case .unknown, .open: return .open
        case .scalar(let type): return type == "open" ? .open : .scalar(type)
        case .object: return .object(children.mapValues(\.tree))
        case .list: return .list(children["[]"]?.tree ?? .open)
        case .map: return .map(children["*"]?.tree ?? .open)
        }
    }
}

/// A `Decoder` that answers every question with a sample value and records what was asked.
private struct ProbeDecoder: Decoder {
    let node: ProbeNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .unknown = node.shape { node.shape = .object }
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(node: node, depth: depth))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        node.shape = .list
        return ProbeUnkeyedContainer(node: node.child("[]"), depth: depth)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValueContainer(node: node, depth: depth)
    }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: ProbeNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    /// Asked only by dictionaries: the node is a map, probed through one sample key.
    var allKeys: [Key] {
        node.shape = .map
        return Key(stringValue: "*").map { [$0] } ?? []
    }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { scalar(key, "boolean", false) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { scalar(key, "string", "") }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { scalar(key, "number", 0) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { scalar(key, "number", 0) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { scalar(key, "integer", 0) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { scalar(key, "integer", 0) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { scalar(key, "integer", 0) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { scalar(key, "integer", 0) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { scalar(key, "integer", 0) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { scalar(key, "integer", 0) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { scalar(key, "integer", 0) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { scalar(key, "integer", 0) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { scalar(key, "integer", 0) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { scalar(key, "integer", 0) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try FieldTreeProbe.decode(T.self, into: node.child(key.stringValue), depth: depth)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try ProbeDecoder(node: node.child(key.stringValue), depth: depth).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ProbeDecoder(node: node.child(key.stringValue), depth: depth).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ProbeDecoder(node: node, depth: depth) }
    func superDecoder(forKey key: Key) throws -> any Decoder { ProbeDecoder(node: node.child(key.stringValue), depth: depth) }

    private func scalar<T>(_ key: Key, _ type: String, _ value: T) -> T {
        node.child(key.stringValue).shape = .scalar(type)
        return value
    }
}

/// A list probed through one element.
private struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let node: ProbeNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    init(node: ProbeNode, depth: Int) {
        self.node = node
        self.depth = depth
    }

    mutating func decodeNil() throws -> Bool { false }
    mutating func decode(_ type: Bool.Type) throws -> Bool { scalar("boolean", false) }
    mutating func decode(_ type: String.Type) throws -> String { scalar("string", "") }
    mutating func decode(_ type: Double.Type) throws -> Double { scalar("number", 0) }
    mutating func decode(_ type: Float.Type) throws -> Float { scalar("number", 0) }
    mutating func decode(_ type: Int.Type) throws -> Int { scalar("integer", 0) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { scalar("integer", 0) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { scalar("integer", 0) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { scalar("integer", 0) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { scalar("integer", 0) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { scalar("integer", 0) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { scalar("integer", 0) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { scalar("integer", 0) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { scalar("integer", 0) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { scalar("integer", 0) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try FieldTreeProbe.decode(T.self, into: node, depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        currentIndex += 1
        return try ProbeDecoder(node: node, depth: depth).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        return try ProbeDecoder(node: node, depth: depth).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        currentIndex += 1
        return ProbeDecoder(node: node, depth: depth)
    }

    private mutating func scalar<T>(_ type: String, _ value: T) -> T {
        currentIndex += 1
        node.shape = .scalar(type)
        return value
    }
}

/// A single value: a scalar of whatever type is asked first.
private struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let node: ProbeNode
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { scalar("boolean", false) }
    func decode(_ type: String.Type) throws -> String { scalar("string", "") }
    func decode(_ type: Double.Type) throws -> Double { scalar("number", 0) }
    func decode(_ type: Float.Type) throws -> Float { scalar("number", 0) }
    func decode(_ type: Int.Type) throws -> Int { scalar("integer", 0) }
    func decode(_ type: Int8.Type) throws -> Int8 { scalar("integer", 0) }
    func decode(_ type: Int16.Type) throws -> Int16 { scalar("integer", 0) }
    func decode(_ type: Int32.Type) throws -> Int32 { scalar("integer", 0) }
    func decode(_ type: Int64.Type) throws -> Int64 { scalar("integer", 0) }
    func decode(_ type: UInt.Type) throws -> UInt { scalar("integer", 0) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { scalar("integer", 0) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { scalar("integer", 0) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { scalar("integer", 0) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { scalar("integer", 0) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try FieldTreeProbe.decode(T.self, into: node, depth: depth)
    }

    private func scalar<T>(_ type: String, _ value: T) -> T {
        if case .unknown = node.shape { node.shape = .scalar(type) }
        return value
    }
}
