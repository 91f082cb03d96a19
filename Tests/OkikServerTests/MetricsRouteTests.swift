import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import OkikKit
import OkikServer
import OkikTesting
import Testing

/// GET /metrics: JSON for people and scripts, the Prometheus exposition for a scraper, chosen by `Accept`.
@Suite("Metrics route", .serialized)
struct MetricsRouteTests {
    /// What Prometheus 3 sends by default (WIRE-FACTS-2 C7).
    static let prometheusAccept = "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
        + "application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=underscores;q=0.4,"
        + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2"

    @Test func jsonDescribesTheSimulatedCluster() async throws {
        try await ServerFixture.run { server in
            let informers = Task { try await server.runtime.caches.run() }
            defer { informers.cancel() }
            await server.runtime.caches.waitUntilSynced()
            let nodes = try await server.cluster.client.clusterScoped(Node.self).list().items
            let pods = try await server.cluster.client.namespaced(Pod.self, in: .allNamespaces).list().items
            let response = try await server.send(.get, "/metrics", as: .viewer)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let body = try ServerFixture.decode(ClusterMetricsResponse.self, response)
            #expect(body.nodes.total == nodes.count)
            #expect(body.pods.total == pods.count)
            #expect(body.pods.byPhase.values.reduce(0, +) == pods.count)
            #expect(body.cpu.allocatable > 0)
            #expect(body.cpu.requested > 0)
            #expect(body.okik.pendingPlans == 0)
        }
    }

    @Test func aScraperGetsTheExpositionWithGateDecisionsPlansAndRequests() async throws {
        try await ServerFixture.run { server in
            _ = try await server.queueScale()
            _ = try await server.send(.get, "/status", as: .viewer)
            let response = try await server.send(
                .get, "/metrics", as: .viewer, headers: [.accept: Self.prometheusAccept])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = String(buffer: response.body)
            #expect(text.contains(#"okik_tool_calls_total{tool="scale_deployment",decision="requireApproval"} 1"#))
            #expect(text.contains(#"okik_plans{state="pending"} 1"#))
            #expect(text.contains(#"okik_plans{state="executed"} 0"#))
            #expect(text.contains(#"okik_http_requests_total{route="/status",method="GET",status="200"} 1"#))
            #expect(text.contains("# TYPE okik_http_request_duration_seconds histogram"))
            #expect(text.hasSuffix("\n"))
        }
    }

    @Test(arguments: [
        (nil, false), ("*/*", false), ("application/json", false), ("text/plain", true),
        ("application/json, text/plain;q=0.5", false), ("text/plain;version=0.0.4;q=0.3,*/*;q=0.2", true),
        ("application/openmetrics-text;version=1.0.0", true),
    ] as [(String?, Bool)])
    func acceptDecides(accept: String?, exposition: Bool) async throws {
        try await ServerFixture.run { server in
            var headers: HTTPFields = [:]
            if let accept { headers[.accept] = accept }
            let response = try await server.send(.get, "/metrics", as: .viewer, headers: headers)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == exposition)
        }
    }
}
