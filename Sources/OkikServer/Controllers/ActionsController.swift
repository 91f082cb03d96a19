import Foundation
import Hummingbird
import OkikKit

/// GET /actions (pending plans), POST /actions/approve/{id} and POST /actions/reject/{id} (approver). The approver
/// is the token's NAME, as a person: `Caller(.human, NAME)`.
struct ActionsController {
    let runtime: OkikRuntime
    let maxBodyBytes: Int

    func pending(_ request: Request, context: OkikRequestContext) async throws -> Response {
        try JSONBody.response(PlansResponse(plans: try await runtime.executor.approvals.pending()))
    }

    func approve(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        _ = try await JSONBody.decode(EmptyRequest.self, from: &request, limit: maxBodyBytes)
        let id = try Self.planID(context)
        let report = try await runtime.executor.approvals.approve(id, by: try Self.person(context))
        return try JSONBody.response(PlanDecisionResponse(plan: report.plan, ranNow: report.ranNow, message: report.message))
    }

    func reject(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(RejectRequest.self, from: &request, limit: maxBodyBytes)
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ServerError.badRequest("\"reason\" must not be blank", field: "reason") }
        let id = try Self.planID(context)
        let plan = try await runtime.executor.approvals.reject(id, by: try Self.person(context), reason: reason)
        return try JSONBody.response(PlanDecisionResponse(plan: plan, ranNow: false, message: "plan rejected: \(plan.reason ?? reason)"))
    }

    /// The `{id}` path parameter as a plan id; a malformed one is a 404 like an unknown one (no plan has that id).
    static func planID(_ context: OkikRequestContext) throws -> UUID {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text) else { throw ServerError.notFound("no plan \(text)") }
        return id
    }

    static func person(_ context: OkikRequestContext) throws -> Caller {
        guard let identity = context.identity else { throw ServerError.unauthorized("a token is required") }
        return identity.caller
    }
}
