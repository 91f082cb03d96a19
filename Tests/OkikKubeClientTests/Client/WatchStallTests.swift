import Foundation
import OkikKubeClient
import OkikTesting
import Testing

/// An informer whose watch goes silent (headers, then nothing: a lost API server node or a dropped flow) opens it
/// again once it brought nothing for its timeout and a margin, instead of staying stale while it looks current.
@Suite("Watches that go silent")
struct WatchStallTests {
    @Test func aCacheWhoseWatchGoesSilentOpensItAgain() async throws {
        let list = #"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]}"#
        let event = #"{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after","namespace":"default","resourceVersion":"7"}}}"# + "\n"
        try await ScriptedProviderServer.with([
            .reply(body: list), .stall(seconds: 120), .chunks(headers: ["content-type": "application/json"], [event]),
            .stall(seconds: 120),
        ]) { server in
            let config = try server.kubeConfig()
            let client = try KubeClient(config: config, logger: testLogger)
            // A one-second watch timeout: the silent watch is given up after six seconds, not after the stall's 120.
            let cache = ResourceCache(client.namespaced(ConfigMap.self, in: .named("default")), watchTimeoutSeconds: 1, logger: testLogger)
            let runner = Task { try await cache.run() }
            await cache.waitUntilSynced()
            let deadline = Date().addingTimeInterval(40)
            while await cache.object(namespace: "default", name: "after") == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(await cache.object(namespace: "default", name: "after") != nil, "the silent watch was never opened again")
            let watches = await server.requests.filter { $0.path.contains("watch=true") }
            #expect(watches.count >= 2, "\(watches.map(\.path))")
            runner.cancel()
            _ = await runner.result
            try? await client.shutdown()
        }
    }
}
