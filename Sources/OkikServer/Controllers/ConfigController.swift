import Foundation
import Hummingbird
import OkikKit
import OkikLLM

/// POST /config (admin): validates every member first (a 400 names the first bad one, and nothing changes), then
/// applies them as the token's person. With an agent, through ``Agent/reconfigure(_:by:)`` (audited as a policy
/// change; a new provider or model makes a new client, its key the start flags' or read from the server's
/// environment as at start).
/// Without one (watchdog mode, or no model) only `level` applies, through the control state; the agent's members are
/// a 409 `no_agent`. The agent saves a new model, interval or temperature as its ``AgentSettings``, which win over
/// the start flags after a restart. Answers with the configuration in force, never a key.
struct ConfigController {
    let runtime: OkikRuntime
    let maxBodyBytes: Int

    /// A body whose values have been checked.
    struct Change {
        var provider: LLMProvider?
        var model: String?
        var level: AutonomyLevel?
        var interval: Duration?
        var temperature: Double?
        var touchesAgent: Bool { provider != nil || model != nil || interval != nil || temperature != nil }
    }

    func configure(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(ConfigRequest.self, from: &request, limit: maxBodyBytes)
        let change = try Self.validate(body)
        let person = try ActionsController.person(context)
        let controls = runtime.executor.controls
        if let agent = runtime.agent {
            // One audited change; the agent puts a new level in the gate's control state itself.
            if change.touchesAgent || change.level != nil {
                let llm = try Self.llm(
                    for: change, current: await agent.configuration.llm, start: runtime.configuration.agent.llm,
                    environment: runtime.configuration.environment)
                do {
                    try await agent.reconfigure({ configuration in
                        if let llm { configuration.llm = llm }
                        if let interval = change.interval { configuration.interval = interval }
                        if let temperature = change.temperature { configuration.temperature = temperature }
                        if let level = change.level { configuration.level = level }
                    }, by: person)
                } catch let error as AgentConfigurationError {
                    throw ServerError.badRequest(error.message, field: change.provider != nil ? "provider" : "model")
                }
            }
        } else if change.touchesAgent {
            let given: [(String, Bool)] = [
                ("provider", body.provider != nil), ("model", body.model != nil), ("interval", body.interval != nil),
                ("temperature", body.temperature != nil),
            ]
            let fields = given.filter { $0.1 }.map { $0.0 }
            throw ServerError.noAgent(
                "no agent runs here (watchdog mode, or no model), so only \"level\" can change, not "
                    + fields.map { "\"\($0)\"" }.joined(separator: ", "))
        } else if let level = change.level, try await controls.refresh().level != level {
            try await controls.setLevel(level, by: person)
        }
        return try JSONBody.response(try await Self.configuration(of: runtime))
    }

    /// Checks every member. - Throws: a 400 naming the member at fault.
    static func validate(_ body: ConfigRequest) throws -> Change {
        var change = Change()
        if let name = body.provider {
            guard let provider = LLMProvider(name: name) else {
                let known = LLMProvider.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServerError.badRequest("unknown provider \"\(name)\" (use \(known))", field: "provider")
            }
            change.provider = provider
        }
        if let model = body.model {
            let trimmed = model.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw ServerError.badRequest("\"model\" must not be blank", field: "model") }
            change.model = trimmed
        }
        if let text = body.level {
            guard let level = AutonomyLevel(parsing: text) else {
                throw ServerError.badRequest("\"\(text)\" is not an autonomy level (L0 ... L4)", field: "level")
            }
            change.level = level
        }
        if let seconds = body.interval {
            guard seconds.isFinite, seconds > 0, seconds <= 86_400 else {
                throw ServerError.badRequest(
                    "\"interval\" must be a positive number of seconds, at most 86400", field: "interval")
            }
            change.interval = .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        if let temperature = body.temperature {
            guard temperature.isFinite, (0...2).contains(temperature) else {
                throw ServerError.badRequest("\"temperature\" must be between 0 and 2", field: "temperature")
            }
            change.temperature = temperature
        }
        return change
    }

    /// The new model configuration, or nil when neither provider nor model changes
    /// (``LLMConfiguration/changing(_:provider:model:baseURL:start:environment:)``): the same provider keeps the
    /// endpoint and key and changes the model; the start flags' provider comes back with their key and endpoint; any
    /// other provider (or an agent given a model directly) resolves from the environment, as at start.
    static func llm(
        for change: Change, current: LLMConfiguration?, start: LLMConfiguration?, environment: [String: String]
    ) throws -> LLMConfiguration? {
        guard change.provider != nil || change.model != nil else { return nil }
        do {
            return try LLMConfiguration.changing(
                current, provider: change.provider, model: change.model, start: start, environment: environment)
        } catch {
            throw ServerError.badRequest(
                error.message ?? "the model cannot be configured", field: change.provider != nil ? "provider" : "model")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The configuration in force.
    static func configuration(of runtime: OkikRuntime) async throws -> ConfigResponse {
        let level = try await runtime.executor.controls.refresh().level.description
        guard let agent = runtime.agent else {
            return ConfigResponse(agent: false, provider: nil, model: nil, level: level, interval: nil, temperature: nil)
        }
        let configuration = await agent.configuration
        return ConfigResponse(
            agent: true, provider: configuration.llm?.provider.rawValue, model: await agent.status.model, level: level,
            interval: seconds(configuration.interval), temperature: configuration.temperature)
    }
}
