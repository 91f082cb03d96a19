import Foundation
import OkikLLM
import OkikServer
import Testing

/// okik-server's agent flags: the model they and the environment choose, no model with neither, and a clear error
/// naming the flag for every bad value; the key never shows.
@Suite("okik-server agent flags")
struct AgentFlagsTests {
    /// Writes `text` to a fresh file and returns its path.
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("okik-key-\(UUID().uuidString)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func withNeitherFlagsNorEnvironmentThereIsNoModel() throws {
        #expect(try AgentFlags().llmConfiguration(environment: [:]) == nil)
        #expect(try AgentFlags(interval: 60).llmConfiguration(environment: ["OKIK_LLM_MODEL": "x"]) == nil)
    }

    @Test func theEnvironmentChoosesWhenNoFlagIsGiven() throws {
        let openAI = try #require(try AgentFlags().llmConfiguration(environment: ["OPENAI_API_KEY": "sk-env"]))
        #expect(openAI.provider == .openAI)
        #expect(openAI.model == "gpt-5-mini")
        #expect(openAI.apiKey == APIKey("sk-env"))
        let anthropic = try #require(try AgentFlags().llmConfiguration(environment: ["ANTHROPIC_API_KEY": "sk-ant"]))
        #expect(anthropic.provider == .anthropic)
        #expect(anthropic.model == "claude-sonnet-4-6")
    }

    @Test func anOpenAICompatibleServerNeedsNoKey() throws {
        let flags = AgentFlags(provider: "openai-compatible", model: "qwen3", baseURL: "http://ollama.okik:11434/v1")
        let llm = try #require(try flags.llmConfiguration(environment: [:]))
        #expect(llm.provider == .openAICompatible)
        #expect(llm.model == "qwen3")
        #expect(llm.baseURL == "http://ollama.okik:11434/v1")
        #expect(llm.apiKey == nil)
    }

    @Test func theKeyFileWinsOverTheEnvironmentWithItsNewlineTrimmedAndNeverShows() throws {
        let path = try Self.file("sk-from-the-secret\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let flags = AgentFlags(provider: "anthropic", model: "claude-opus-4", apiKeyFile: path)
        let llm = try #require(try flags.llmConfiguration(environment: ["ANTHROPIC_API_KEY": "sk-env"]))
        #expect(llm.provider == .anthropic)
        #expect(llm.model == "claude-opus-4")
        #expect(llm.apiKey == APIKey("sk-from-the-secret"))
        #expect(!"\(llm)".contains("sk-from-the-secret"))
        #expect(!String(reflecting: llm).contains("sk-from-the-secret"))
    }

    @Test func theIntervalBecomesADuration() throws {
        #expect(AgentFlags(interval: 90).intervalDuration == .seconds(90))
        #expect(AgentFlags(interval: 0.5).intervalDuration == .milliseconds(500))
        #expect(AgentFlags().intervalDuration == nil)
    }

    @Test(arguments: [
        (AgentFlags(provider: "gemini"), "--llm-provider", "unknown provider \"gemini\""),
        (AgentFlags(provider: "openai", model: "  "), "--model", "must not be blank"),
        (AgentFlags(provider: "openai-compatible", baseURL: "ftp://models"), "--llm-base-url", "not an http(s) URL"),
        (AgentFlags(provider: "openai-compatible", baseURL: "http://:99999/v1"), "--llm-base-url", "http://:99999/v1"),
        (AgentFlags(interval: 0), "--interval", "positive number of seconds"),
        (AgentFlags(interval: 100_000), "--interval", "at most 86400"),
        (AgentFlags(apiKeyFile: "/nonexistent/okik/key"), "--api-key-file", "cannot read /nonexistent/okik/key"),
        (AgentFlags(provider: "openai"), "--api-key-file", "no API key for openai: give --api-key-file or set OPENAI_API_KEY"),
        (AgentFlags(provider: "openai-compatible"), "--model", "has no default model"),
    ])
    func aBadValueStopsTheStartNamingTheFlag(flags: AgentFlags, flag: String, message: String) throws {
        let error = try #require(throws: ServerFlagError.self) { try flags.llmConfiguration(environment: [:]) }
        #expect(error.flag == flag)
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix(flag + ": "))
    }

    @Test func anEmptyKeyFileStopsTheStart() throws {
        let path = try Self.file("\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: ServerFlagError.self) {
            try AgentFlags(provider: "openai", apiKeyFile: path).llmConfiguration(environment: ["OPENAI_API_KEY": "k"])
        }
        #expect(error.flag == "--api-key-file")
        #expect(error.message == "\(path) is empty")
    }

    @Test func aBadEnvironmentStopsTheStartNamingTheVariable() throws {
        let error = try #require(throws: ServerFlagError.self) {
            try AgentFlags().llmConfiguration(environment: ["OKIK_LLM_PROVIDER": "gemini"])
        }
        #expect(error.flag == nil)
        #expect(error.message.contains("unknown provider 'gemini'"), "\(error.message)")
    }
}
