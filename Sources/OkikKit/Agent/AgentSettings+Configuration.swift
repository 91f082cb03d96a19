import Foundation
import OkikLLM

extension AgentSettings {
    /// The record after a person's change from `old` to `new`, over the `stored` one: the model (provider, model and
    /// a base URL other than the provider's default) when ``AgentConfiguration/llm`` changed, the interval and the
    /// temperature when they changed. Nil when none of them changed.
    static func recording(
        from old: AgentConfiguration, to new: AgentConfiguration, over stored: AgentSettings?, by caller: Caller,
        at now: Date
    ) -> AgentSettings? {
        var settings = stored ?? AgentSettings(changedBy: caller.description, changedAt: now)
        var changed = false
        if new.llm != old.llm, let llm = new.llm {
            settings.provider = llm.provider
            settings.model = llm.model
            settings.baseURL = llm.baseURL == llm.provider.defaultBaseURL ? nil : llm.baseURL
            changed = true
        }
        if new.interval != old.interval {
            settings.intervalSeconds = new.interval.timeInterval
            changed = true
        }
        if new.temperature != old.temperature {
            settings.temperature = new.temperature
            changed = true
        }
        guard changed else { return nil }
        settings.changedBy = caller.description
        settings.changedAt = now
        return settings
    }

    /// `configuration` (the start flags') with these settings over it. A stored model keeps the start's key and
    /// endpoint when its provider is the start's, and otherwise reads its key from `environment`, as POST /config
    /// does; a model that cannot be made so (its key is gone) is left out, and `problem` says why.
    /// - Returns: the configuration, and what could not be applied.
    public func applied(
        to configuration: AgentConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> (configuration: AgentConfiguration, problem: String?) {
        var result = configuration
        var problem: String?
        if provider != nil || model != nil || baseURL != nil {
            do {
                let llm = try LLMConfiguration.changing(
                    configuration.llm, provider: provider, model: model, baseURL: baseURL, start: configuration.llm,
                    environment: environment)
                try llm.validate()
                result.llm = llm
            } catch {
                let named = [provider?.rawValue, model].compactMap { $0 }.joined(separator: "/")
                problem = "the model \(named) that \(changedBy) chose cannot be used (\(error.message ?? "\(error)")); "
                    + "the agent keeps the model of the start flags"
            }
        }
        if let intervalSeconds, intervalSeconds.isFinite, intervalSeconds > 0 {
            result.interval = .milliseconds(Int64((intervalSeconds * 1000).rounded()))
        }
        if let temperature, temperature.isFinite { result.temperature = temperature }
        return (result, problem)
    }
}
