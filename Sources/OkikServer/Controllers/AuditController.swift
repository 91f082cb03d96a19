import Foundation
import Hummingbird
import OkikKit

/// GET /audit/plans (`?state=pending&limit=100`), /audit/plans/{id} and /audit/actions (`?limit=100`).
struct AuditController {
    let runtime: OkikRuntime

    func plans(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var query = PlanQuery(limit: try Self.limit(request))
        if let state = request.uri.queryParameters.get("state") {
            guard let parsed = ActionPlan.State(rawValue: state) else {
                let states = ActionPlan.State.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServerError.badRequest("\"\(state)\" is not a plan state (\(states))", field: "state")
            }
            query.states = [parsed]
        }
        return try JSONBody.response(PlansResponse(plans: try await runtime.store.plans(query)))
    }

    func plan(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let id = try ActionsController.planID(context)
        guard let detail = try await runtime.store.planDetail(id: id) else { throw ServerError.notFound("no plan \(id)") }
        return try JSONBody.response(PlanDetailResponse(plan: detail.plan, history: detail.history))
    }

    func actions(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let actions = try await runtime.store.actions(ActionQuery(limit: try Self.limit(request)))
        return try JSONBody.response(ActionsResponse(actions: actions))
    }

    /// `?limit=` between 1 and 1000 (100 by default).
    static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 100 }
        guard let limit = Int(text), (1...1000).contains(limit) else {
            throw ServerError.badRequest("\"limit\" must be a whole number from 1 to 1000", field: "limit")
        }
        return limit
    }
}
