/// The error thrown when text is not a valid Kubernetes ``Quantity``; it names the offending text.
public struct QuantityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    enum Code: Error, Sendable, Hashable {
        case empty
        case invalidNumber
        case invalidSuffix
        case outOfRange
    }

    /// The text that failed to parse.
    public let text: String
    let code: Code

    init(text: String, code: Code) {
        self.text = text
        self.code = code
    }

    /// The text was empty.
    public static func empty() -> QuantityError { QuantityError(text: "", code: .empty) }

    /// The number part is missing or malformed (`abc`, `1.2.3`, `.`).
    public static func invalidNumber(_ text: String) -> QuantityError {
        QuantityError(text: text, code: .invalidNumber)
    }

    /// The suffix is not one Kubernetes knows (`1K`, `1mi`).
    public static func invalidSuffix(_ text: String) -> QuantityError {
        QuantityError(text: text, code: .invalidSuffix)
    }

    /// The value does not fit the exact representation.
    public static func outOfRange(_ text: String) -> QuantityError { QuantityError(text: text, code: .outOfRange) }

    /// A bounded, text-free description, for metric labels.
    public var shortDescription: String {
        switch code {
        case .empty: return "empty"
        case .invalidNumber: return "invalid number"
        case .invalidSuffix: return "invalid suffix"
        case .outOfRange: return "out of range"
        }
    }

    public var description: String {
        switch code {
        case .empty: return "invalid quantity \"\": empty text"
        default: return "invalid quantity \"\(text)\": \(shortDescription)"
        }
    }
}
