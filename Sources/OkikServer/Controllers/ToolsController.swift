import Hummingbird
import OkikKit

/// GET /tools.
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
}
