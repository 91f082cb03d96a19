import Foundation

/// US-dollar prices per million tokens, by model id prefix; used only for estimates.
///
/// Look-ups match the longest prefix, so `gpt-5-mini-2025-08-07` uses the `gpt-5-mini` row. Update the
/// built-in rows in `PriceTable+BuiltIn.swift`, or load your own with ``init(json:)``.
public struct PriceTable: Sendable, Hashable {
    /// Prices for one model family.
    public struct Price: Sendable, Hashable, Codable {
        /// Uncached input tokens.
        public var input: Double
        /// Output tokens (reasoning included).
        public var output: Double
        /// Input tokens read from the cache; the input price when `nil`.
        public var cachedInput: Double?
        /// Input tokens written to the cache; the input price when `nil`.
        public var cacheWrite: Double?

        /// Creates a price row (dollars per million tokens).
        public init(input: Double, output: Double, cachedInput: Double? = nil, cacheWrite: Double? = nil) {
            self.input = input
            self.output = output
            self.cachedInput = cachedInput
            self.cacheWrite = cacheWrite
        }
    }

    /// Rows keyed by model id prefix.
    public var prices: [String: Price]

    /// Creates a table.
    public init(prices: [String: Price]) {
        self.prices = prices
    }

    /// Reads a table from JSON: `{"model-prefix": {"input": 3, "output": 15, "cachedInput": 0.3}}`.
    /// - Throws: `DecodingError` when the JSON does not have that shape.
    public init(json: String) throws {
        self.prices = try JSONDecoder().decode([String: Price].self, from: Data(json.utf8))
    }

    /// The row whose key is the longest prefix of `model`.
    public func price(for model: String) -> Price? {
        let name = model.lowercased()
        return prices.filter { name.hasPrefix($0.key.lowercased()) }.max { $0.key.count < $1.key.count }?.value
    }

    /// The estimated cost of `usage` on `model` in dollars, or `nil` when the table has no row for it.
    public func cost(of usage: TokenUsage, model: String) -> Double? {
        guard let price = price(for: model) else { return nil }
        let uncached = max(usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteInputTokens, 0)
        let dollars = Double(uncached) * price.input
            + Double(usage.cachedInputTokens) * (price.cachedInput ?? price.input)
            + Double(usage.cacheWriteInputTokens) * (price.cacheWrite ?? price.input)
            + Double(usage.outputTokens) * price.output
        return dollars / 1_000_000
    }
}
