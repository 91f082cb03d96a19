/// Why a tool call could not be prepared or run: invalid input, unknown tool, or a precondition in the cluster.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; stable, for checks and metrics labels.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// A readable form.
        public var description: String { name }

        /// No tool has this name.
        public static let unknownTool = Code("unknownTool")
        /// A required field is absent.
        public static let missingField = Code("missingField")
        /// A field has the wrong JSON type.
        public static let wrongType = Code("wrongType")
        /// A field the tool does not take.
        public static let unknownField = Code("unknownField")
        /// A name that is not a DNS-1123 label or subdomain.
        public static let invalidName = Code("invalidName")
        /// A number outside its allowed range.
        public static let outOfRange = Code("outOfRange")
        /// A value that is not allowed (a bad quantity, a bad selector).
        public static let invalidValue = Code("invalidValue")
        /// The container does not exist in the workload.
        public static let unknownContainer = Code("unknownContainer")
        /// The object the call needs does not exist.
        public static let notFound = Code("notFound")
        /// The cluster state does not allow the call (already quarantined by someone else, no HPA...).
        public static let precondition = Code("precondition")
        /// Two tools with the same name were registered.
        public static let duplicateTool = Code("duplicateTool")
    }

    /// The kind of failure.
    public let code: Code
    /// A precise message for a model or a person.
    public let message: String
    /// The argument at fault, when there is one.
    public let field: String?

    /// Creates an error.
    public init(code: Code, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// A stable short name, for metrics labels.
    public var shortDescription: String { code.description }

    /// A readable form.
    public var description: String { message }

    /// True for errors in the input (the caller can fix them).
    public var isInputError: Bool {
        [.missingField, .wrongType, .unknownField, .invalidName, .outOfRange, .invalidValue].contains(code)
    }

    static func missingField(_ field: String) -> ToolError {
        ToolError(code: .missingField, message: "missing required field \"\(field)\"", field: field)
    }

    static func wrongType(_ field: String, expected: String) -> ToolError {
        ToolError(code: .wrongType, message: "field \"\(field)\" must be \(expected)", field: field)
    }

    static func unknownField(_ field: String, allowed: [String]) -> ToolError {
        ToolError(
            code: .unknownField,
            message: "unknown field \"\(field)\"; allowed: \(allowed.sorted().joined(separator: ", "))", field: field)
    }

    static func invalidName(_ field: String, _ value: String, rule: String) -> ToolError {
        ToolError(code: .invalidName, message: "field \"\(field)\": \"\(value)\" is not a valid \(rule)", field: field)
    }

    static func outOfRange(_ field: String, _ value: Int, minimum: Int?, maximum: Int?) -> ToolError {
        let range = switch (minimum, maximum) {
        case (let low?, let high?): "between \(low) and \(high)"
        case (let low?, nil): "at least \(low)"
        case (nil, let high?): "at most \(high)"
        case (nil, nil): "in range"
        }
        return ToolError(code: .outOfRange, message: "field \"\(field)\" must be \(range), got \(value)", field: field)
    }

    static func invalidValue(_ field: String, _ message: String) -> ToolError {
        ToolError(code: .invalidValue, message: "field \"\(field)\": \(message)", field: field)
    }

    static func unknownContainer(_ container: String, available: [String], in object: String) -> ToolError {
        ToolError(
            code: .unknownContainer,
            message: "\(object) has no container \"\(container)\"; containers: \(available.joined(separator: ", "))",
            field: "container")
    }

    static func notFound(_ what: String) -> ToolError {
        ToolError(code: .notFound, message: "\(what) not found")
    }

    static func precondition(_ message: String) -> ToolError {
        ToolError(code: .precondition, message: message)
    }
}
