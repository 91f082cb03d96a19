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
        try JSONBody.response(try await Self.status(of: runtime, mode: mode))
    }

    /// The status body, also the answer of the control routes.
    static func status(of runtime: OkikRuntime, mode: ServerMode) async throws -> StatusResponse {
        let controls = runtime.executor.controls
        try await controls.refresh()
        let state = await controls.current
        return StatusResponse(
            mode: mode, level: state.level.description, levelTitle: state.level.title,
            automation: state.automationEnabled, emergencyStop: state.emergencyStop,
            emergencyStopReason: state.emergencyStop ? state.emergencyStopReason : nil, controlVersion: state.version,
            changedBy: state.changedBy, pendingPlans: try await runtime.executor.approvals.pending().count,
            recommendations: await runtime.watchdog.feed.count, agent: await runtime.agent?.status)
    }
}
