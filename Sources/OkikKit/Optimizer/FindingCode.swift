/// A stable finding code from the catalogue (``FindingCode/catalogue``), rendered `OKK-201`: ids are grouped by
/// hundreds per category and never reused.
public struct FindingCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The number, such as 201.
    public var id: Int
    /// The category it belongs to.
    public var category: OptimizationCategory
    /// The usual severity (a finding may raise or lower it, and says so in its evidence).
    public var severity: Severity
    /// A short title, such as `Container crash-looping`.
    public var title: String
    /// What it means and why it matters, for the catalogue.
    public var explanation: String

    /// Creates a code; custom checks use ids of 900 and above.
    public init(id: Int, category: OptimizationCategory, severity: Severity, title: String, explanation: String) {
        self.id = id
        self.category = category
        self.severity = severity
        self.title = title
        self.explanation = explanation
    }

    /// `OKK-201`.
    public var description: String { "OKK-\(id)" }

    /// Orders by id.
    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.id < rhs.id }

    /// Encodes as `OKK-201`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes `OKK-201` through the catalogue; a code outside it (a custom check's) keeps its id.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.hasPrefix("OKK-"), let id = Int(text.dropFirst(4)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a finding code: \(text)")
        }
        self = Self.catalogue.first { $0.id == id }
            ?? FindingCode(
                id: id, category: OptimizationCategory(id: "custom", title: "Custom"), severity: .info, title: text,
                explanation: "")
    }
}
