import Foundation
import Hummingbird
import OkikKit

/// PUT /autonomy and POST /emergency-stop (admin). Both change the durable control state as the token's person and
/// answer with the status.
struct ControlsController {
    let runtime: OkikRuntime
    let mode: ServerMode
    let maxBodyBytes: Int

    func autonomy(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(AutonomyRequest.self, from: &request, limit: maxBodyBytes)
        guard let level = AutonomyLevel(parsing: body.level) else {
            throw ServerError.badRequest("\"\(body.level)\" is not an autonomy level (L0 ... L4)", field: "level")
        }
        let person = try ActionsController.person(context)
        let controls = runtime.executor.controls
        // Read the durable state first: another process (or the okik-control ConfigMap) may have changed it, and a
        // stale cached level equal to the one asked for would skip the change.
        try await controls.refresh()
        let current = await controls.current
        if current.level != level { try await controls.setLevel(level, by: person) }
        if let enabled = body.enabled, enabled != current.automationEnabled {
            try await controls.setAutomation(enabled: enabled, by: person)
        }
        return try JSONBody.response(try await runtime.status(mode: mode))
    }

    func emergencyStop(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(EmergencyStopRequest.self, from: &request, limit: maxBodyBytes)
        let person = try ActionsController.person(context)
        let controls = runtime.executor.controls
        try await controls.refresh()
        let engaged = await controls.current.emergencyStop
        // Without `enabled` the stop is engaged, never lifted: a retried or doubled request must not lift it.
        let wanted = body.enabled ?? true
        if wanted && !engaged {
            try await controls.engageEmergencyStop(by: person, reason: body.reason ?? "engaged through the API by \(person.name)")
        } else if !wanted && engaged {
            try await controls.liftEmergencyStop(by: person, reason: body.reason ?? "lifted through the API by \(person.name)")
        }
        return try JSONBody.response(try await runtime.status(mode: mode))
    }
}
