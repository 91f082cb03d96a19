/// A YAML document refused because expanding its aliases would pass a ``SafeYAML/Limits`` value.
public struct SafeYAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case aliasExpansions, expandedNodes
    }

    private let code: Code
    /// The limit that would be passed.
    public let limit: Int

    private init(_ code: Code, limit: Int) {
        self.code = code
        self.limit = limit
    }

    /// Too many alias dereferences (``SafeYAML/Limits/maxAliasExpansions``).
    public static func aliasExpansions(limit: Int) -> SafeYAMLError { SafeYAMLError(.aliasExpansions, limit: limit) }

    /// Too many nodes added by aliases (``SafeYAML/Limits/maxExpandedNodes``).
    public static func expandedNodes(limit: Int) -> SafeYAMLError { SafeYAMLError(.expandedNodes, limit: limit) }

    /// A stable short name of the limit, for metrics labels and tests.
    public var shortDescription: String { code.rawValue }

    public var description: String {
        switch code {
        case .aliasExpansions:
            "YAML refused: expanding its aliases would take more than \(limit) alias expansions (SafeYAML.Limits.maxAliasExpansions)"
        case .expandedNodes:
            "YAML refused: expanding its aliases would add more than \(limit) nodes (SafeYAML.Limits.maxExpandedNodes)"
        }
    }
}
