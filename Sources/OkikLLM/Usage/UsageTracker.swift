/// Counts tokens per request and cumulatively per model, so the agent can report what it spent.
///
/// Pass one to a client's `usageTracker:` and every finished reply is recorded; or call ``record(_:model:)``.
public actor UsageTracker {
    /// Usage of one model so far.
    public struct Entry: Sendable, Hashable {
        /// The model id as requested.
        public var model: String
        /// Finished requests.
        public var requests: Int
        /// Tokens summed over those requests.
        public var usage: TokenUsage
    }

    private var entries: [String: Entry] = [:]
    private var last: TokenUsage?

    /// Creates an empty tracker.
    public init() {}

    /// Adds one request's usage for `model`.
    public func record(_ usage: TokenUsage, model: String) {
        var entry = entries[model] ?? Entry(model: model, requests: 0, usage: .zero)
        entry.requests += 1
        entry.usage += usage
        entries[model] = entry
        last = usage
    }

    /// The usage of the most recent request.
    public var lastRequest: TokenUsage? { last }

    /// Every model's totals, sorted by model id.
    public var byModel: [Entry] { entries.values.sorted { $0.model < $1.model } }

    /// The totals across all models.
    public var total: TokenUsage { entries.values.reduce(.zero) { $0 + $1.usage } }

    /// The number of finished requests across all models.
    public var requestCount: Int { entries.values.reduce(0) { $0 + $1.requests } }

    /// The estimated cost in US dollars across all models, or `nil` if a model is missing from `prices`.
    public func estimatedCost(using prices: PriceTable = .builtIn) -> Double? {
        var sum = 0.0
        for entry in entries.values {
            guard let cost = prices.cost(of: entry.usage, model: entry.model) else { return nil }
            sum += cost
        }
        return sum
    }

    /// Forgets everything recorded.
    public func reset() {
        entries = [:]
        last = nil
    }
}
