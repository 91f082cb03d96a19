extension Quantity: Codable {
    /// Decodes a JSON string (`"100m"`, surrounding spaces ignored) or a JSON number (`1`, `0.5`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        var text: String
        do {
            text = try container.decode(String.self)
        } catch DecodingError.typeMismatch {
            if let integer = try? container.decode(Int64.self) {
                text = String(integer)
            } else {
                let number = try container.decode(Double.self)
                guard number.isFinite else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "quantity \(number) is not finite")
                }
                text = String(number)
            }
        }
        if text.utf8.first == UInt8(ascii: " ") || text.utf8.last == UInt8(ascii: " ") {
            text = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
        do {
            self = try Quantity(text)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// Encodes the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonical)
    }
}
