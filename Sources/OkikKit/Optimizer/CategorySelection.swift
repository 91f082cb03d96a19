import Foundation

/// Which optimizer categories a person asked for: `all`, or a comma-separated list of built-in category ids. Parsed
/// here once for okikctl's `--category` and the server's `"category"`.
public enum CategorySelection {
    /// The category ids asked for; nil for all.
    /// - Throws: ``CategorySelectionError`` for an empty list or an unknown id (naming the choices).
    public static func parse(_ text: String?) throws(CategorySelectionError) -> Set<String>? {
        guard let text, text.trimmingCharacters(in: .whitespaces) != "all" else { return nil }
        let ids = Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let known = OptimizationCategory.builtIn.map(\.id)
        let choices = "use all or a comma-separated list of \(known.joined(separator: ", "))"
        guard !ids.isEmpty else { throw CategorySelectionError(message: "the category list is empty; \(choices)") }
        if let unknown = ids.sorted().first(where: { !known.contains($0) }) {
            throw CategorySelectionError(message: "unknown category \"\(unknown)\"; \(choices)")
        }
        return ids
    }
}

/// A category selection that names no category or an unknown one.
public struct CategorySelectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, with the choices.
    public var message: String
    /// The message.
    public var description: String { message }
}
