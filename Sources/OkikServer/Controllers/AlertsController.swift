import Foundation
import Hummingbird
import Logging
import OkikKit

/// POST /alerts (operator, agent mode): takes an Alertmanager webhook (payload version 4) and hands its alerts to
/// the agent, which looks at them on its next tick, at once when one is new (``Agent/receive(alerts:)``). Members
/// Alertmanager adds in later versions are ignored, not refused. Answers 202 with what was taken in; without an
/// agent (no model configured) a 409 `no_agent`, since nothing would look at them.
struct AlertsController {
    let runtime: OkikRuntime
    let maxBodyBytes: Int

    func receive(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decodeExternal(AlertmanagerWebhook.self, from: &request, limit: maxBodyBytes)
        guard let agent = runtime.agent else {
            throw ServerError.noAgent("no agent runs here (no model is configured), so nothing would look at the alerts")
        }
        let intake = await agent.receive(alerts: body.alerts)
        context.logger.info(
            "alerts received",
            metadata: [
                "okik.alerts.accepted": "\(intake.accepted)", "okik.alerts.firing": "\(intake.firing)",
                "okik.alerts.resolved": "\(intake.resolved)", "okik.alerts.ignored": "\(intake.ignored)",
                "okik.alerts.truncated": "\(body.truncatedAlerts ?? 0)",
            ])
        return try JSONBody.response(intake, status: .accepted)
    }
}
