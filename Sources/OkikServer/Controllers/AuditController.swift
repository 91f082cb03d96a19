import Foundation
import Hummingbird
import OkikKit

/// GET /audit/plans (`?state=pending&limit=100`), /audit/plans/{id}, /audit/actions (`?limit=100`),
/// /audit/actions/{id}, /audit/tools and /audit/stats (both `?since=24h` or an RFC 3339 time; all time by default).
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

    func action(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let text = context.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text), let action = try await runtime.store.action(callID: id) else {
            throw ServerError.notFound("no action \(text)")
        }
        let history = try await runtime.store.entries(AuditQuery(callID: id, limit: 100, newestFirst: false))
        return try JSONBody.response(ActionDetailResponse(action: action, history: history))
    }

    func tools(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let since = try Self.since(request, now: runtime.configuration.clock.now)
        return try JSONBody.response(ToolUsageResponse(since: since, tools: try await runtime.store.toolUsage(since: since)))
    }

    func stats(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let since = try Self.since(request, now: runtime.configuration.clock.now)
        return try JSONBody.response(AuditStatsResponse(since: since, stats: try await runtime.store.stats(since: since)))
    }

    /// `?since=`: a duration back from `now` (`90s`, `30m`, `24h`, `7d`) or an RFC 3339 time; nil when absent.
    static func since(_ request: Request, now: Date) throws -> Date? {
        guard let text = request.uri.queryParameters.get("since") else { return nil }
        if let unit = text.last, let amount = Double(text.dropLast()), amount >= 0,
            let seconds = ["s": 1.0, "m": 60, "h": 3600, "d": 86400][unit]
        {
            return now.addingTimeInterval(-amount * seconds)
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        throw ServerError.badRequest(
            "\"since\" must be a duration such as 30m, 24h or 7d, or an RFC 3339 time, not \"\(text)\"", field: "since")
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
