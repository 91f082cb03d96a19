import Foundation
import OkikKit
import OkikLLM

/// okik-server's agent flags, checked and turned into the agent's model: `--llm-provider`, `--model`,
/// `--llm-base-url`, `--api-key-file` (a file mounted from a Secret; a key is never a flag, which would land in shell
/// history) and `--interval`. Flags win over the environment (`OKIK_LLM_*`, `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`),
/// which wins over `OKIK_LLM_CONFIG`; with neither there is no model.
///
/// ```swift
/// let flags = AgentFlags(provider: "openai-compatible", model: "qwen3", baseURL: "http://ollama:11434/v1")
/// let llm = try flags.llmConfiguration()   // nil: no model configured
/// ```
public struct AgentFlags: Sendable, Hashable {
    /// `--llm-provider`: `openai`, `anthropic` or `openai-compatible` (or an alias such as `ollama`).
    public var provider: String?
    /// `--model`: the model id.
    public var model: String?
    /// `--llm-base-url`: the API root, for OpenAI-compatible servers.
    public var baseURL: String?
    /// `--api-key-file`: a file holding the key; one trailing newline (and surrounding blanks) is trimmed.
    public var apiKeyFile: String?
    /// `--interval`: seconds between the agent's looks (above 0, at most 86400).
    public var interval: Double?

    /// Creates flags; every one defaults to "not given".
    public init(
        provider: String? = nil, model: String? = nil, baseURL: String? = nil, apiKeyFile: String? = nil,
        interval: Double? = nil
    ) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.apiKeyFile = apiKeyFile
        self.interval = interval
    }

    /// True when a flag that chooses the model is given.
    public var namesAModel: Bool { provider != nil || model != nil || baseURL != nil || apiKeyFile != nil }

    /// Checks what needs neither a file nor the environment: the provider's name, a blank model, the URL and the
    /// interval.
    /// - Throws: ``ServerFlagError`` naming the flag.
    public func validate() throws(ServerFlagError) {
        if let provider, LLMProvider(name: provider) == nil {
            let known = LLMProvider.allCases.map(\.rawValue).joined(separator: ", ")
            throw ServerFlagError(flag: "--llm-provider", message: "unknown provider \"\(provider)\" (use \(known))")
        }
        if let model, model.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ServerFlagError(flag: "--model", message: "the model must not be blank")
        }
        if let baseURL, let problem = LLMConfiguration.baseURLProblem(baseURL) {
            throw ServerFlagError(flag: "--llm-base-url", message: "\"\(baseURL)\" \(problem)")
        }
        if let interval, !(interval.isFinite && interval > 0 && interval <= 86_400) {
            throw ServerFlagError(
                flag: "--interval", message: "must be a positive number of seconds, at most 86400, not \(interval)")
        }
    }

    /// The agent's look interval, when `--interval` is given.
    public var intervalDuration: Duration? {
        interval.map { .milliseconds(Int64(($0 * 1000).rounded(.up))) }
    }

    /// The model the flags and the environment choose, validated (a key where the provider needs one); nil when
    /// neither names one, so the agent runs offline.
    /// - Parameter environment: where `OKIK_LLM_*` and the providers' key variables are read.
    /// - Throws: ``ServerFlagError`` naming the flag (an unreadable or empty key file, no key, no model for an
    ///   OpenAI-compatible server, or what ``validate()`` finds), or the environment's setting at fault.
    public func llmConfiguration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ServerFlagError) -> LLMConfiguration? {
        try validate()
        guard namesAModel || LLMConfiguration.isConfigured(in: environment) else { return nil }
        let key = try apiKeyFile.map { path throws(ServerFlagError) in try Self.readKey(from: path) }
        let trimmedModel = model?.trimmingCharacters(in: .whitespaces)
        let llm: LLMConfiguration
        do {
            llm = try LLMConfiguration.resolve(
                environment: environment,
                overrides: LLMConfiguration.Overrides(
                    provider: provider, model: trimmedModel, baseURL: baseURL, apiKey: key))
        } catch {
            throw ServerFlagError(
                flag: nil, message: "the model configuration in the environment: \(error.message ?? "\(error)")")
        }
        do {
            try llm.validate()
        } catch {
            if error.shortDescription == "missing_api_key" {
                let variable = llm.provider.apiKeyEnvironmentVariable.map { " or set \($0)" } ?? ""
                throw ServerFlagError(
                    flag: "--api-key-file",
                    message: "no API key for \(llm.provider.rawValue): give --api-key-file\(variable)")
            }
            if llm.model.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ServerFlagError(
                    flag: "--model", message: "\(llm.provider.rawValue) has no default model: name one with --model")
            }
            throw ServerFlagError(flag: nil, message: "the model configuration: \(error.message ?? "\(error)")")
        }
        return llm
    }

    /// The key in a file: surrounding blanks and newlines trimmed.
    /// - Throws: ``ServerFlagError`` for `--api-key-file` when the file cannot be read or holds nothing.
    static func readKey(from path: String) throws(ServerFlagError) -> APIKey {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ServerFlagError(flag: "--api-key-file", message: "cannot read \(path)")
        }
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw ServerFlagError(flag: "--api-key-file", message: "\(path) is empty") }
        return APIKey(key)
    }
}
