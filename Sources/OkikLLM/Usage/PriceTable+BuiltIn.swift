extension PriceTable {
    /// Published list prices (USD per million tokens) as last checked; edit this list when prices change.
    /// Estimates only: batch, priority and regional pricing are not modelled.
    public static let builtIn = PriceTable(prices: [
        // OpenAI
        "gpt-5": Price(input: 1.25, output: 10.00, cachedInput: 0.125),
        "gpt-5-mini": Price(input: 0.25, output: 2.00, cachedInput: 0.025),
        "gpt-5-nano": Price(input: 0.05, output: 0.40, cachedInput: 0.005),
        "gpt-4.1": Price(input: 2.00, output: 8.00, cachedInput: 0.50),
        "gpt-4.1-mini": Price(input: 0.40, output: 1.60, cachedInput: 0.10),
        "gpt-4.1-nano": Price(input: 0.10, output: 0.40, cachedInput: 0.025),
        "gpt-4o": Price(input: 2.50, output: 10.00, cachedInput: 1.25),
        "gpt-4o-mini": Price(input: 0.15, output: 0.60, cachedInput: 0.075),
        "o3": Price(input: 2.00, output: 8.00, cachedInput: 0.50),
        "o4-mini": Price(input: 1.10, output: 4.40, cachedInput: 0.275),
        // Anthropic (cache reads 0.1x input, 5-minute cache writes 1.25x input)
        "claude-sonnet-4": Price(input: 3.00, output: 15.00, cachedInput: 0.30, cacheWrite: 3.75),
        "claude-haiku-4-5": Price(input: 1.00, output: 5.00, cachedInput: 0.10, cacheWrite: 1.25),
        "claude-opus-4-5": Price(input: 5.00, output: 25.00, cachedInput: 0.50, cacheWrite: 6.25),
        "claude-opus-4-1": Price(input: 15.00, output: 75.00, cachedInput: 1.50, cacheWrite: 18.75),
    ])
}
