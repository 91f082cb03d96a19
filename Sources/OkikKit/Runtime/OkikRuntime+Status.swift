extension OkikRuntime {
    /// The control state, queue and agent at a glance: what GET /status answers and `okikctl status` shows.
    /// - Throws: when the control state or the plans cannot be read.
    public func status(mode: ServerMode) async throws -> StatusResponse {
        let controls = executor.controls
        try await controls.refresh()
        let state = await controls.current
        return StatusResponse(
            mode: mode, level: state.level.description, levelTitle: state.level.title,
            automation: state.automationEnabled, emergencyStop: state.emergencyStop,
            emergencyStopReason: state.emergencyStop ? state.emergencyStopReason : nil, controlVersion: state.version,
            changedBy: state.changedBy, pendingPlans: try await executor.approvals.pending().count,
            recommendations: await watchdog.feed.count, agent: await agent?.status)
    }
}
