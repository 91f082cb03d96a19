/// A value that is either an integer or a string (`intstr.IntOrString`), such as a port (`8080` or `"http"`) or a
/// disruption budget (`1` or `"25%"`).
///
/// ```swift
/// let maxUnavailable: IntOrString = "25%"
/// maxUnavailable.scaledValue(total: 10, roundingUp: true)  // 3
/// ```
public enum IntOrString: Codable, Sendable, Hashable {
    /// An integer value.
    case int(Int)
    /// A string value, such as a named port or a percentage.
    case string(String)

    /// Decodes a JSON integer or string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes a JSON integer or string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }

    /// The integer payload, if this is an integer.
    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The percentage, when this is a string such as `"25%"`; nil otherwise.
    public var percentage: Int? {
        guard case .string(let text) = self, text.hasSuffix("%") else { return nil }
        return Int(text.dropLast())
    }

    /// Resolves the value against a total, as Kubernetes' `GetScaledValueFromIntOrPercent` does.
    ///
    /// An integer is returned as is; a percentage is taken of `total` and rounded up or down (`"25%"` of 10 is 3
    /// rounding up, 2 rounding down).
    /// - Parameters:
    ///   - total: The number the percentage applies to.
    ///   - roundingUp: Round a fractional result up (towards +∞) when true, down (towards -∞) when false.
    /// - Returns: The resolved value, or nil when this is a string that is not an integer percentage.
    public func scaledValue(total: Int, roundingUp: Bool) -> Int? {
        switch self {
        case .int(let value):
            return value
        case .string:
            guard let percent = percentage else { return nil }
            let product = percent * total
            let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 100)
            if remainder == 0 { return quotient }
            // Swift's division truncates towards zero; adjust to the requested direction.
            if roundingUp { return remainder > 0 ? quotient + 1 : quotient }
            return remainder < 0 ? quotient - 1 : quotient
        }
    }
}

extension IntOrString: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    /// Creates `.int` from an integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// Creates `.string` from a string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension IntOrString: CustomStringConvertible {
    /// The integer or the string, as written in YAML.
    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        }
    }
}
