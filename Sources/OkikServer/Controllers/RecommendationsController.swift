import Hummingbird
import OkikKit

/// GET /recommendations (`?limit=100`): the watchdog's feed.
struct RecommendationsController {
    let runtime: OkikRuntime

    func list(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let limit = try AuditController.limit(request)
        return try JSONBody.response(
            RecommendationsResponse(recommendations: await runtime.watchdog.feed.recommendations(limit: limit)))
    }
}
