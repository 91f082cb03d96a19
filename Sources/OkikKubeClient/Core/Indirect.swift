/// Stores a rarely present optional field out of line, so the struct that holds it stays small: a nil costs 8 bytes
/// instead of the wrapped type's full size. Encodes and decodes exactly like the optional it wraps (absent when nil).
@propertyWrapper
public struct Indirect<Wrapped: Sendable & Hashable>: Sendable, Hashable {
    private final class Box: Sendable {
        let value: Wrapped
        init(_ value: Wrapped) { self.value = value }
    }

    private var box: Box?

    /// Wraps a value.
    public init(wrappedValue: Wrapped?) {
        box = wrappedValue.map(Box.init)
    }

    /// The value, or nil.
    public var wrappedValue: Wrapped? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    /// Equal when the wrapped values are.
    public static func == (lhs: Indirect, rhs: Indirect) -> Bool { lhs.wrappedValue == rhs.wrappedValue }

    /// Hashes the wrapped value.
    public func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

extension Indirect: Codable where Wrapped: Codable {
    /// Decodes the wrapped value, or nil from `null`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.init(wrappedValue: container.decodeNil() ? nil : try container.decode(Wrapped.self))
    }

    /// Encodes the wrapped value, or `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue { try container.encode(value) } else { try container.encodeNil() }
    }
}

extension KeyedDecodingContainer {
    /// Decodes an ``Indirect`` field like an optional: a missing key or `null` is nil.
    public func decode<Wrapped: Codable>(_ type: Indirect<Wrapped>.Type, forKey key: Key) throws -> Indirect<Wrapped> {
        Indirect(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Encodes an ``Indirect`` field like an optional: nil leaves the key out.
    public mutating func encode<Wrapped: Codable>(_ value: Indirect<Wrapped>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
