import AsyncHTTPClient
import Logging

extension LLMConfiguration {
    /// Creates the client for this configuration's provider.
    /// - Parameters:
    ///   - httpClient: the HTTP client to send with, never shut down here; by default one that OkikLLM keeps for
    ///     this configuration's connect and read timeouts.
    ///   - logger: where request outcomes go; keys are never logged.
    ///   - usageTracker: receives every finished reply's usage.
    /// - Throws: ``LLMError/missingAPIKey`` or ``LLMError/invalidConfiguration``.
    public func makeChatModel(
        httpClient: HTTPClient? = nil,
        logger: Logger = LLMLogging.disabled,
        usageTracker: UsageTracker? = nil
    ) throws(LLMError) -> any ChatModel {
        switch provider {
        case .openAI, .openAICompatible:
            return try OpenAIClient(
                configuration: self,
                httpClient: httpClient,
                logger: logger,
                usageTracker: usageTracker
            )
        case .anthropic:
            return try AnthropicClient(
                configuration: self,
                httpClient: httpClient,
                logger: logger,
                usageTracker: usageTracker
            )
        }
    }
}
