import Hummingbird
import OkikKit

/// GET /health (no token) and GET /status.
struct StatusController {
    let runtime: OkikRuntime
    let mode: ServerMode

    func health(_ request: Request, context: OkikRequestContext) throws -> Response {
        try JSONBody.response(HealthResponse(mode: mode))
    }

    func status(_ request: Request, context: OkikRequestContext) async throws -> Response {
        try JSONBody.response(try await runtime.status(mode: mode))
    }
}
