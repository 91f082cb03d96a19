import Foundation
import OkikYAML
import Testing

@testable import OkikLLM

@Suite("LLM configuration")
struct ConfigurationTests {
    @Test("defaults per provider, and the key from the provider's variable")
    func defaults() throws {
        let openAI = try LLMConfiguration.resolve(environment: ["OPENAI_API_KEY": "sk-a"])
        #expect(openAI.provider == .openAI)
        #expect(openAI.model == "gpt-5-mini")
        #expect(openAI.baseURL == "https://api.openai.com/v1")
        #expect(openAI.apiKey == APIKey("sk-a"))

        let anthropic = try LLMConfiguration.resolve(environment: ["ANTHROPIC_API_KEY": "sk-ant-b"])
        #expect(anthropic.provider == .anthropic)
        #expect(anthropic.model == "claude-sonnet-4-6")
        #expect(anthropic.apiKey == APIKey("sk-ant-b"))

        let both = try LLMConfiguration.resolve(environment: ["ANTHROPIC_API_KEY": "x", "OPENAI_API_KEY": "y"])
        #expect(both.provider == .openAI)
    }

    @Test("file, then environment, then flags")
    func precedence() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("okik-llm-\(UUID().uuidString).yaml").path
        try """
            provider: ollama
            model: llama3.1
            baseURL: http://127.0.0.1:11434/v1
            headers:
              X-Team: sre
            maxOutputTokens: 2000
            temperature: never
            timeoutSeconds: 30
            maxAttempts: 5
            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let fromFile = try LLMConfiguration.resolve(file: path, environment: ["OPENAI_API_KEY": "sk-not-for-ollama"])
        #expect(fromFile.provider == .openAICompatible)
        #expect(fromFile.model == "llama3.1")
        #expect(fromFile.apiKey == nil, "an OpenAI key is not sent to another server")
        #expect(fromFile.headers == ["X-Team": "sre"])
        #expect(fromFile.options.maxOutputTokens == 2000)
        #expect(fromFile.options.temperature == .never)
        #expect(fromFile.timeout.request == .seconds(30))
        #expect(fromFile.retry.maxAttempts == 5)

        let layered = try LLMConfiguration.resolve(
            environment: ["OKIK_LLM_CONFIG": path, "OKIK_LLM_MODEL": "qwen3", "OKIK_LLM_API_KEY": "local"],
            overrides: .init(baseURL: "http://127.0.0.1:8000/v1")
        )
        #expect(layered.model == "qwen3")
        #expect(layered.baseURL == "http://127.0.0.1:8000/v1")
        #expect(layered.apiKey == APIKey("local"))

        let flags = try LLMConfiguration.resolve(
            file: path,
            environment: ["OKIK_LLM_MODEL": "qwen3", "ANTHROPIC_API_KEY": "sk-ant-c"],
            overrides: .init(provider: "anthropic", model: "claude-haiku-4-5")
        )
        #expect(flags.provider == .anthropic)
        #expect(flags.model == "claude-haiku-4-5")
        #expect(flags.apiKey == APIKey("sk-ant-c"))
        #expect(flags.baseURL == "http://127.0.0.1:11434/v1", "the file's base URL still applies")
    }

    @Test("JSON files, and a key taken from a named variable")
    func jsonAndKeyVariable() throws {
        let settings = try LLMConfiguration.overrides(
            fromYAML: #"{"provider": "anthropic", "apiKeyEnv": "MY_CLAUDE_KEY", "promptCaching": false}"#
        )
        #expect(settings.apiKeyEnvironmentVariable == "MY_CLAUDE_KEY")
        #expect(settings.promptCaching == false)
    }

    /// The classic "billion laughs" under a key the file may hold: nine levels of nine aliases, about 700 bytes,
    /// 387 million scalars once expanded.
    static let aliasBomb = """
        provider: openai
        headers:
          a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
          b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
          c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
          d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
          e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
          f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
          g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
          h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
          i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    /// As values, and as a mapping key (which Yams would hash whole while composing: without the check this never
    /// returns).
    @Test("an alias bomb in a configuration file is refused quickly, naming the limit", arguments: ["", "  *i : boom\n"])
    func aliasBombIsRefused(_ tail: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("okik-llm-\(UUID().uuidString).yaml").path
        try (Self.aliasBomb + tail).write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let started = ContinuousClock.now
        let error = #expect(throws: LLMError.invalidConfiguration) {
            try LLMConfiguration.resolve(file: path, environment: ["OPENAI_API_KEY": "sk-a"])
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        let message = error?.message ?? ""
        #expect(message.hasPrefix("\(path): YAML refused"), "\(message)")
        #expect(message.contains("SafeYAML.Limits.maxAliasExpansions"), "\(message)")
        #expect(error?.underlying is SafeYAMLError)
        #expect(throws: LLMError.invalidConfiguration) { try LLMConfiguration.overrides(fromYAML: Self.aliasBomb + tail) }
    }

    @Test("bad input is reported, never ignored")
    func errors() throws {
        #expect(throws: LLMError.invalidConfiguration) { try LLMConfiguration.overrides(fromYAML: "modle: gpt-4o") }
        #expect(throws: LLMError.invalidConfiguration) { try LLMConfiguration.overrides(fromYAML: "provider: gemini") }
        #expect(throws: LLMError.invalidConfiguration) { try LLMConfiguration.overrides(fromYAML: "maxAttempts: many") }
        #expect(throws: LLMError.invalidConfiguration) { try LLMConfiguration.resolve(file: "/nonexistent/llm.yaml", environment: [:]) }
        #expect(throws: LLMError.invalidConfiguration) {
            try LLMConfiguration.resolve(environment: ["OKIK_LLM_TIMEOUT": "-1"])
        }
        #expect(throws: LLMError.missingAPIKey) {
            try LLMConfiguration.resolve(environment: ["OKIK_LLM_PROVIDER": "anthropic"]).validate()
        }
        #expect(throws: LLMError.missingAPIKey) {
            try LLMConfiguration.resolve(file: nil, environment: [:], overrides: .init(apiKeyEnvironmentVariable: "NOPE"))
        }
        #expect(throws: LLMError.invalidConfiguration) {
            try LLMConfiguration(provider: .openAICompatible, apiKey: nil).validate()
        }
        #expect(throws: LLMError.invalidConfiguration) {
            try LLMConfiguration(provider: .openAI, baseURL: "api.openai.com", apiKey: APIKey("k")).validate()
        }
        #expect(throws: LLMError.missingAPIKey) { try LLMConfiguration(provider: .openAI).makeChatModel() }
    }

    @Test("the key never shows in descriptions, dumps or errors")
    func keyNeverPrinted() throws {
        let secret = "sk-proj-ABCDEFGHIJKLMNOP1234"
        let configuration = LLMConfiguration(provider: .openAI, apiKey: APIKey(secret))
        #expect(!"\(configuration)".contains(secret))
        #expect(!String(reflecting: configuration).contains(secret))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(secret))

        let scrubber = SecretScrubber(secrets: configuration.secrets)
        #expect(scrubber.scrub("bad key \(secret)!") == "bad key [REDACTED]!")
        #expect(scrubber.scrub("Incorrect API key provided: sk-abc12*********************wxyz.") == "Incorrect API key provided: sk-[REDACTED].")
        #expect(scrubber.scrub("Authorization: Bearer abcdefghijklmnop") == "Authorization: Bearer [REDACTED]")
    }

    @Test("endpoint URLs join the base URL and query items")
    func endpoints() {
        var configuration = LLMConfiguration(provider: .openAICompatible, model: "m", baseURL: "http://h:1/v1/")
        #expect(configuration.endpoint("/chat/completions") == "http://h:1/v1/chat/completions")
        configuration.queryParameters = ["api-version": "2024-10-21", "a": "b c"]
        #expect(configuration.endpoint("/chat/completions") == "http://h:1/v1/chat/completions?a=b%20c&api-version=2024-10-21")
    }

    @Test("models that reject temperature", arguments: [("gpt-5-mini", true), ("o3", true), ("o4-mini", true), ("azure/gpt-5", true), ("gpt-4.1-mini", false), ("omni-7b", false), ("llama3.1", false)])
    func temperatureRule(model: String, rejects: Bool) {
        #expect(OpenAIClient.rejectsTemperature(model: model) == rejects)
    }
}
