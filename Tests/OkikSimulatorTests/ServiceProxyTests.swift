import Foundation
import OkikKubeClient
import OkikSimulator
import OkikTesting
import Testing

/// The service proxy (`/api/v1/namespaces/{ns}/services/{id}/proxy/...`) forwards to a real local process behind a
/// simulated Service and Endpoints, as kube-apiserver does (WIRE-FACTS-2 C1): id forms, port names and numbers,
/// headers, streaming, and its errors.
@Suite("Service proxy")
struct ServiceProxyTests {
    /// A Service `okik-agent` with port `http` 8000 in `okik-system`, its Endpoints at 127.0.0.1:`port`.
    static func expose(port: Int, on simulator: Simulator, ready: Bool = true) async throws {
        let namespace = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"okik-system"}}"#
        _ = try await simulator.http("POST", "/api/v1/namespaces", body: namespace)
        let service = """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"okik-agent","namespace":"okik-system"},
             "spec":{"selector":{"app":"okik"},"ports":[{"name":"http","port":8000,"targetPort":8000}]}}
            """
        #expect(try await simulator.http("POST", "/api/v1/namespaces/okik-system/services", body: service).status == 201)
        let addresses = #"[{"ip":"127.0.0.1"}]"#
        let endpoints = """
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"okik-agent","namespace":"okik-system"},
             "subsets":[{"\(ready ? "addresses" : "notReadyAddresses")":\(addresses),"ports":[{"name":"http","port":\(port)}]}]}
            """
        #expect(try await simulator.http("POST", "/api/v1/namespaces/okik-system/endpoints", body: endpoints).status == 201)
    }

    static let proxy = "/api/v1/namespaces/okik-system/services"

    @Test(arguments: ["http:okik-agent:8000", "okik-agent:http", "okik-agent:8000", "http:okik-agent:http"])
    func aRequestReachesTheProcessBehindTheService(id: String) async throws {
        try await ScriptedProviderServer.with([.reply(status: 201, body: #"{"ok":true}"#)]) { backend in
            try await Simulator.with { simulator in
                try await Self.expose(port: backend.port, on: simulator)
                let answer = try await simulator.http("POST", "\(Self.proxy)/\(id)/proxy/chat?session=1", body: #"{"message":"hi"}"#)
                #expect(answer.status == 201)
                #expect(answer.body == #"{"ok":true}"#)
                let seen = try #require(await backend.requests.first)
                #expect(seen.method == "POST")
                #expect(seen.path == "/chat?session=1")
                #expect(seen.bodyText == #"{"message":"hi"}"#)
                #expect(seen.headers["x-forwarded-uri"] == "\(Self.proxy)/\(id)/proxy/chat")
            }
        }
    }

    @Test func serverSentEventsStreamThrough() async throws {
        let events = SSE.events([("recommendation", #"{"n":1}"#), ("recommendation", #"{"n":2}"#)])
        try await ScriptedProviderServer.with([.chunks(SSE.split(events, every: 7))]) { backend in
            try await Simulator.with { simulator in
                try await Self.expose(port: backend.port, on: simulator)
                let answer = try await simulator.http("GET", "\(Self.proxy)/http:okik-agent:8000/proxy/recommendations/stream")
                #expect(answer.status == 200)
                #expect(answer.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "text/event-stream" })
                #expect(answer.body == events)
            }
        }
    }

    @Test func theProxysErrorsAreKubernetesStatuses() async throws {
        try await Simulator.with { simulator in
            try await Self.expose(port: 1, on: simulator, ready: false)
            let noEndpoints = try await simulator.http("GET", "\(Self.proxy)/http:okik-agent:8000/proxy/health")
            #expect(noEndpoints.status == 503)
            #expect(noEndpoints.json["reason"]?.stringValue == "ServiceUnavailable")
            #expect(noEndpoints.json["message"]?.stringValue == #"no endpoints available for service "http:okik-agent:8000""#)

            let noPort = try await simulator.http("GET", "\(Self.proxy)/okik-agent:9999/proxy/health")
            #expect(noPort.status == 503)
            #expect(noPort.json["message"]?.stringValue == #"no service port 9999 found for service "okik-agent""#)

            let badID = try await simulator.http("GET", "\(Self.proxy)/ftp:okik-agent:8000/proxy/health")
            #expect(badID.status == 400)
            #expect(badID.json["message"]?.stringValue == #"invalid service request "ftp:okik-agent:8000""#)

            let missing = try await simulator.http("GET", "\(Self.proxy)/nothing:80/proxy/health")
            #expect(missing.status == 404)
        }
    }

    @Test func unreachableBackendIsA503() async throws {
        try await Simulator.with { simulator in
            try await Self.expose(port: 1, on: simulator)
            let answer = try await simulator.http("GET", "\(Self.proxy)/okik-agent:http/proxy/health")
            #expect(answer.status == 503)
            #expect(answer.json["message"]?.stringValue?.hasPrefix("error trying to reach service") == true)
        }
    }

    @Test(.enabled(if: Kubectl.isAvailable)) func kubectlReachesTheBackendAndItsTokenStaysWithTheAPIServer() async throws {
        try await ScriptedProviderServer.with([.reply(body: #"{"status":"ok"}"#)]) { backend in
            try await SimulatorFixture.with { fixture in
                try await Self.expose(port: backend.port, on: fixture.simulator)
                let result = try await fixture.kubectl("get", "--raw", "\(Self.proxy)/http:okik-agent:8000/proxy/health")
                #expect(result.succeeded, "\(result)")
                #expect(result.stdout == #"{"status":"ok"}"#)
                let seen = try #require(await backend.requests.first)
                #expect(seen.headers["authorization"] == nil)
                #expect(seen.path == "/health")
                let table = try await fixture.kubectl("get", "endpoints", "-n", "okik-system")
                #expect(table.stdout.contains("127.0.0.1:\(backend.port)"), "\(table)")
            }
        }
    }
}
