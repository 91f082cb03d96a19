import Foundation
@testable import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

@Suite("Transport: retries, throttling and failures")
struct TransportReliabilityTests {
    @Test func tooManyRequestsIsRetriedAfterRetryAfter() async throws {
        let faults = FaultConfiguration(tooManyRequestsRate: 1, retryAfterSeconds: 0, pathFilter: "/configmaps", budget: 2)
        try await withSimulator(SimulatorConfiguration(faults: faults)) { simulator, client in
            let list = try await client.namespaced(ConfigMap.self).list()
            #expect(list.items.isEmpty)
            #expect(simulator.faults.budget == 0)
        }
    }

    @Test func serverErrorsAreRetriedThenReported() async throws {
        let faults = FaultConfiguration(unavailableRate: 1, pathFilter: "/configmaps", budget: 3)
        try await withSimulator(SimulatorConfiguration(faults: faults)) { simulator, client in
            _ = try await client.namespaced(ConfigMap.self).list()
            #expect(simulator.faults.budget == 0)
            simulator.faults = FaultConfiguration(internalErrorRate: 1, pathFilter: "/configmaps")
            let error = try await #require(throws: KubeError.self) { try await client.namespaced(ConfigMap.self).list() }
            #expect(error.code == .serverError)
            #expect(error.httpStatus == 500)
            #expect(error.message.contains("Internal error occurred"))
        }
    }

    @Test func writesWithoutPreconditionsAreNotRetried() async throws {
        let faults = FaultConfiguration(unavailableRate: 1, pathFilter: "/configmaps", budget: 1)
        try await withSimulator(SimulatorConfiguration(faults: faults)) { simulator, client in
            let error = try await #require(throws: KubeError.self) {
                try await client.namespaced(ConfigMap.self).create(configMap("once"))
            }
            #expect(error.code == .serverError)
            // Exactly one attempt consumed the budget; the create was not repeated.
            #expect(simulator.faults.budget == 0)
            #expect(try await client.namespaced(ConfigMap.self).getIfPresent("once") == nil)
        }
    }

    @Test func connectionResetsAreRetried() async throws {
        let faults = FaultConfiguration(connectionResetRate: 1, pathFilter: "/configmaps", budget: 2)
        try await withSimulator(SimulatorConfiguration(faults: faults)) { simulator, client in
            _ = try await client.namespaced(ConfigMap.self).list()
            #expect(simulator.faults.budget == 0)
        }
    }

    @Test func unreachableServerIsATransportError() async throws {
        let config = KubeConfig.single(server: "http://127.0.0.1:1")
        let client = try KubeClient(config: config, configuration: fastRetries, logger: testLogger)
        let error = try await #require(throws: KubeError.self) { try await client.serverVersion() }
        #expect(error.code == .transport || error.code == .timeout)
        #expect(error.message.contains("GET /version"))
        // Port 1 refuses on a normal machine: the message says so and names the server, not NIO's errno text.
        if error.code == .transport {
            #expect(error.message.contains("cannot connect to http://127.0.0.1:1: connection refused"), "\(error.message)")
            #expect(!error.message.contains("error set"))
        }
        try await client.shutdown()
    }

    @Test func cancellationStopsRetrying() async throws {
        let faults = FaultConfiguration(tooManyRequestsRate: 1, retryAfterSeconds: 30, pathFilter: "/configmaps")
        try await withSimulator(SimulatorConfiguration(faults: faults), client: KubeClientConfiguration(retry: .init(maxAttempts: 5, maxBackoff: .seconds(30)))) { _, client in
            let task = Task { try await client.namespaced(ConfigMap.self).list() }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
        }
    }

    @Test func backoffHonoursRetryAfterAndGrowsWithJitter() throws {
        let transport = try KubeTransport(
            context: ResolvedContext(name: "t", cluster: Cluster(server: "http://127.0.0.1:1"), user: AuthInfo()),
            configuration: KubeClientConfiguration(retry: .init(maxAttempts: 5, initialBackoff: .milliseconds(100), maxBackoff: .seconds(2))),
            logger: testLogger)
        #expect(transport.backoff(attempt: 1, retryAfterSeconds: 1) == .seconds(1))
        #expect(transport.backoff(attempt: 1, retryAfterSeconds: 60) == .seconds(2))
        for attempt in 1...6 {
            let delay = transport.backoff(attempt: attempt, retryAfterSeconds: nil)
            let window = min(Duration.milliseconds(100) * (1 << (attempt - 1)), .seconds(2))
            #expect(delay >= window / 2 && delay <= window, "attempt \(attempt): \(delay)")
        }
        Task { try await transport.shutdown() }
    }

    @Test func htmlErrorPagesBecomeReadableErrors() {
        let error = KubeError.fromResponse(
            httpStatus: 502, body: Array("<html><body>Bad Gateway</body></html>".utf8), method: "GET",
            retryAfterHeader: nil, resource: nil, name: nil)
        #expect(error.code == .serverError)
        #expect(error.message == "the server responded with HTTP 502")
        let conflictOnPost = KubeError.fromResponse(
            httpStatus: 409, body: [], method: "POST", retryAfterHeader: nil,
            resource: GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), name: "web")
        #expect(conflictOnPost.code == .alreadyExists)
        let notFound = KubeError.fromResponse(
            httpStatus: 404, body: Array("404 page not found".utf8), method: "GET", retryAfterHeader: nil,
            resource: GroupVersionResource(group: "apps", version: "v1", resource: "deployments"), name: "web")
        #expect(notFound.message == "deployments.apps \"web\" not found")
        let throttled = KubeError.fromResponse(
            httpStatus: 429, body: [], method: "GET", retryAfterHeader: 7, resource: nil, name: nil)
        #expect(throttled.retryAfterSeconds == 7)
        #expect(throttled.isRetryable)
    }
}
