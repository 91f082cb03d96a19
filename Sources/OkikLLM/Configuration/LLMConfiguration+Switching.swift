import Foundation

extension LLMConfiguration {
    /// The variables that say a model is configured in an environment: a provider's key, `OKIK_LLM_API_KEY`,
    /// `OKIK_LLM_PROVIDER` or `OKIK_LLM_CONFIG`.
    public static let configuringEnvironmentVariables = [
        "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OKIK_LLM_API_KEY", "OKIK_LLM_PROVIDER", "OKIK_LLM_CONFIG",
    ]

    /// Whether `environment` configures a model (one of ``configuringEnvironmentVariables`` is set and not empty).
    /// Front ends that run offline without a model ask this before ``resolve(file:environment:overrides:)``, so a
    /// configuration that is there but wrong still fails instead of being ignored.
    public static func isConfigured(in environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        configuringEnvironmentVariables.contains { !(environment[$0] ?? "").isEmpty }
    }

    /// The configuration after a run-time change of provider, model or base URL; a key is never invented.
    ///
    /// The same provider as `current` (or none named) keeps its endpoint and key; a provider equal to `start`'s (the
    /// configuration the process started with, such as okik-server's flags) starts again from that one, so its key
    /// file and base URL come back; any other provider (or no configuration at all) is resolved from `environment`
    /// and `OKIK_LLM_CONFIG`, as at start. `model` and `baseURL` then replace the ones chosen.
    /// ```swift
    /// let next = try LLMConfiguration.changing(current, provider: .anthropic, model: "claude-sonnet-4-6")
    /// ```
    /// - Throws: ``LLMError/invalidConfiguration`` when the environment's configuration does not resolve; a missing
    ///   key shows only when the result is validated or a client is made from it.
    public static func changing(
        _ current: LLMConfiguration?, provider: LLMProvider? = nil, model: String? = nil, baseURL: String? = nil,
        start: LLMConfiguration? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LLMError) -> LLMConfiguration {
        var chosen: LLMConfiguration
        if let current, provider == nil || provider == current.provider {
            chosen = current
        } else if let start, (provider ?? start.provider) == start.provider {
            chosen = start
        } else {
            return try resolve(
                environment: environment,
                overrides: Overrides(provider: provider?.rawValue, model: model, baseURL: baseURL))
        }
        if let model { chosen.model = model }
        if let baseURL { chosen.baseURL = baseURL }
        return chosen
    }
}
