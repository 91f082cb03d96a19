import Foundation
import Hummingbird
import OkikKit

/// GET /tools, GET /tools/calls (`?tool=&decision=execute|requireApproval|deny&actor=&since=&limit=`) and
/// POST /tools/run (operator): one call through the gate as the token's holder, `Caller(.human, NAME)`.
struct ToolsController {
    let runtime: OkikRuntime
    let maxBodyBytes: Int

    func run(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(ToolRunRequest.self, from: &request, limit: maxBodyBytes)
        let arguments = body.arguments ?? [:]
        guard case .object = arguments else {
            throw ServerError.badRequest("\"arguments\" must be a JSON object", field: "arguments")
        }
        let rationale = body.rationale.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let report = try await runtime.executor.execute(
            ToolInvocation(tool: body.tool, arguments: arguments), caller: try ActionsController.person(context),
            rationale: rationale)
        return try JSONBody.response(ToolRunResponse(report))
    }

    func list(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let level = try await runtime.executor.controls.refresh().level
        let tools = runtime.executor.registry.descriptors.sorted { $0.name < $1.name }.map { tool in
            ToolsResponse.Tool(
                name: tool.name, description: tool.description, package: tool.package,
                runsWithoutApproval: level.executesWithoutApproval(tool.package), inputSchema: tool.inputSchema.json)
        }
        return try JSONBody.response(ToolsResponse(level: level.description, tools: tools))
    }

    func calls(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var query = ToolCallQuery(
            tool: parameters.get("tool"), actor: parameters.get("actor"), since: try AuditController.since(request, now: runtime.configuration.clock.now),
            limit: try AuditController.limit(request))
        if let text = parameters.get("decision") {
            guard let decision = GateDecision.Kind(rawValue: text) else {
                let kinds = GateDecision.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServerError.badRequest("\"\(text)\" is not a decision (\(kinds))", field: "decision")
            }
            query.decision = decision
        }
        return try JSONBody.response(ToolCallsResponse(calls: try await runtime.store.toolCalls(query)))
    }
}
