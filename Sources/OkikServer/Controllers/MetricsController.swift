import Foundation
import Hummingbird
import NIOCore
import OkikKit

/// GET /metrics: the cluster snapshot as JSON (``ClusterMetricsResponse``), or, when the request's `Accept` prefers
/// Prometheus text or OpenMetrics (as a Prometheus scraper's does), the exposition of OKIK's instruments. The
/// exposition is always sent as text 0.0.4, which every Prometheus accepts.
struct MetricsController {
    let runtime: OkikRuntime
    let metrics: ServerMetrics

    func metrics(_ request: Request, context: OkikRequestContext) async throws -> Response {
        let stats = try await runtime.store.stats(since: nil)
        if Self.prefersExposition(request.headers[.accept]) {
            metrics.okik.recordPlans(stats.plans)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        let snapshot = await runtime.caches.snapshot(clock: runtime.configuration.clock)
        let okik = ClusterMetricsResponse.Okik(
            pendingPlans: stats.plans[.pending] ?? 0, decisions: stats.decisions,
            recommendations: await runtime.watchdog.feed.count, modelCalls: await runtime.agent?.status.modelCalls)
        return try JSONBody.response(ClusterMetricsResponse(snapshot: snapshot, okik: okik))
    }

    /// True when `Accept` ranks `text/plain` or `application/openmetrics-text` above `application/json` (by `q`,
    /// 1 when absent); `*/*` alone, or no header, means JSON.
    static func prefersExposition(_ accept: String?) -> Bool {
        var exposition = 0.0
        var json = 0.0
        for range in (accept ?? "").split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch type {
            case "text/plain", "application/openmetrics-text": exposition = max(exposition, q)
            case "application/json": json = max(json, q)
            default: break
            }
        }
        return exposition > json
    }
}
