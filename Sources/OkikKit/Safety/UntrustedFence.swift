import Foundation

/// Text read from the cluster reaches a model inside `<cluster-data>` and `<untrusted-content>` blocks. A log line or
/// an event message can contain those tags itself, to close the block early and speak as OKIK; ``neutralize(_:)``
/// defangs every such tag inside the data, so the only real fence markers are the ones OKIK writes.
public enum UntrustedFence {
    /// The block tags OKIK writes around untrusted text.
    public static let tags = ["cluster-data", "untrusted-content"]

    /// `text` with every opening or closing fence tag (any case, any spacing) turned into a harmless spelling
    /// (`<cluster-data>` becomes `&lt;cluster-data>`).
    public static func neutralize(_ text: String) -> String {
        guard text.contains("<") else { return text }
        return text.replacing(pattern) { match in "&lt;" + match.output.dropFirst() }
    }

    nonisolated(unsafe) private static let pattern = /<\s*\/?\s*(?i:cluster-data|untrusted-content)/
}
