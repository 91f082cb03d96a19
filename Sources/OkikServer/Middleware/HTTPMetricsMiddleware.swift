import Hummingbird
import OkikKit

/// Counts every request by route template (`/audit/plans/{id}`, not the id), method and status, and records its
/// latency until the response head (a stream's lifetime is not its latency). Outermost, so it sees the status the
/// error middleware chose.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: OkikMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: response.status.code, started: started)
            return response
        } catch {
            record(request, context: context, status: (error as? any HTTPResponseError)?.status.code ?? 500, started: started)
            throw error
        }
    }

    private func record(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant) {
        metrics.recordHTTPRequest(
            route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status,
            duration: ContinuousClock.now - started)
    }
}
