/// Estimates how many tokens a text costs a model, the same way everywhere in OKIK (about four bytes of UTF-8 a
/// token, which English and JSON average across the OpenAI and Anthropic tokenizers), and learns from the provider's
/// reported usage: the estimate is scaled by the ratio of reported to estimated input tokens seen so far.
public struct TokenEstimate: Sendable, Hashable {
    /// Reported input tokens over estimated ones, as a running ratio (1 until the provider reports usage).
    public private(set) var correction: Double = 1
    private var estimatedSoFar = 0
    private var reportedSoFar = 0

    /// Starts with no correction.
    public init() {}

    /// The raw estimate of a text, before correction: bytes of UTF-8 over four, rounded up.
    public static func raw(_ text: String) -> Int {
        (text.utf8.count + 3) / 4
    }

    /// The corrected estimate of a text.
    public func tokens(_ text: String) -> Int {
        corrected(Self.raw(text))
    }

    /// A raw estimate, corrected.
    public func corrected(_ raw: Int) -> Int {
        Int((Double(raw) * correction).rounded(.up))
    }

    /// Folds in what the provider reported for a request whose raw estimate was `estimated`.
    public mutating func reconcile(estimated: Int, reported: Int) {
        guard estimated > 0, reported > 0 else { return }
        estimatedSoFar += estimated
        reportedSoFar += reported
        correction = max(0.25, min(4, Double(reportedSoFar) / Double(estimatedSoFar)))
    }
}
