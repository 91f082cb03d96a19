import Hummingbird
import OkikKit

/// GET /tools and GET /tools/calls (`?tool=&decision=execute|requireApproval|deny&actor=&since=&limit=`).
struct ToolsController {
    let runtime: OkikRuntime

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
