import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import OkikKubeClient

/// `/api/v1/namespaces/{ns}/services/{id}/proxy[/{path}]`, as kube-apiserver serves it (WIRE-FACTS-2 C1): `{id}` is
/// `name`, `name:port` or `scheme:name:port`; a port number becomes the Service port's name; the Endpoints named like
/// the Service give the address (ready addresses only, a port with that name); the rest of the path and the query go
/// to `scheme://ip:port`. `Authorization` is dropped (the caller authenticated to the API server, not to the
/// backend) and `X-Forwarded-Uri` added; the answer streams back as it comes (server-sent events work). An Endpoints
/// address of 127.0.0.1 reaches a process on this machine, so a real server can stand behind a simulated Service.
struct ServiceProxy: Sendable {
    /// A proxy request, parsed from its path.
    struct Target: Sendable, Hashable {
        var namespace: String
        var id: String
        /// What follows `/proxy`, empty or starting with `/`.
        var path: String
    }

    let store: ObjectStore
    let registry: ResourceRegistry
    var client: HTTPClient = Self.client

    /// The proxy's own client: a refused connection fails at once (a 503, as kube-apiserver answers) instead of being
    /// retried until the deadline, and it follows no redirects (the caller sees the backend's). Lives as long as the
    /// process, like `HTTPClient.shared`.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The proxy target of a request path, nil when the path is not a service proxy path.
    static func target(of path: String) -> Target? {
        let segments = path.split(separator: "/", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
        // "", "api", "v1", "namespaces", ns, "services", id, "proxy..."
        guard segments.count >= 7, segments[1] == "api", segments[2] == "v1", segments[3] == "namespaces",
            segments[5] == "services", !segments[4].isEmpty, !segments[6].isEmpty
        else { return nil }
        let tail = segments.count > 7 ? segments[7] : ""
        guard tail == "proxy" || tail.hasPrefix("proxy/") else { return nil }
        let id = segments[6].removingPercentEncoding ?? segments[6]
        return Target(namespace: segments[4], id: id, path: String(tail.dropFirst("proxy".count)))
    }

    /// The HTTP verb RBAC checks for a proxied method (`services/proxy`).
    static func verb(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .post: "create"
        case .put: "update"
        case .patch: "patch"
        case .delete: "delete"
        default: "get"
        }
    }

    /// Forwards the request to the Service's endpoint and streams the answer back.
    func forward(_ request: Request, to target: Target) async throws -> Response {
        if target.path.isEmpty && (request.method == .get || request.method == .head) {
            let query = request.uri.query.map { "?\($0)" } ?? ""
            return Response(status: .movedPermanently, headers: [.location: request.uri.path + "/" + query])
        }
        let url = try await backend(for: target)
        var outbound = HTTPClientRequest(url: url + target.path + (request.uri.query.map { "?\($0)" } ?? ""))
        outbound.method = HTTPMethod(rawValue: request.method.rawValue)
        for field in request.headers where field.name != .authorization {
            outbound.headers.add(name: field.name.rawName, value: field.value)
        }
        outbound.headers.add(name: "X-Forwarded-Uri", value: request.uri.path)
        if request.method != .get && request.method != .head {
            let body = request.body
            outbound.body = .bytes(try await body.collect(upTo: 16 << 20))
        }
        let answer: HTTPClientResponse
        do {
            // The deadline covers the wait for the response head only; a stream's body may run for hours.
            answer = try await client.execute(outbound, deadline: .now() + .minutes(5))
        } catch {
            throw APIError.serviceUnavailable("error trying to reach service: \(error)")
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            guard let fieldName = HTTPField.Name(name), !name.lowercased().hasPrefix("access-control-allow-"),
                name.lowercased() != "content-length", name.lowercased() != "transfer-encoding", name.lowercased() != "connection"
            else { continue }
            headers.append(HTTPField(name: fieldName, value: value))
        }
        return Response(
            status: HTTPResponse.Status(code: Int(answer.status.code)), headers: headers,
            body: ResponseBody(asyncSequence: answer.body))
    }

    /// `scheme://ip:port` of a ready endpoint of the Service `id` names.
    private func backend(for target: Target) async throws -> String {
        let parts = target.id.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var scheme = ""
        let name: String
        var port = ""
        switch parts.count {
        case 1: name = parts[0]
        case 2: (name, port) = (parts[0], parts[1])
        case 3: (scheme, name, port) = (parts[0], parts[1], parts[2])
        default: throw APIError.badRequest("invalid service request \"\(target.id)\"")
        }
        guard scheme.isEmpty || scheme == "http" || scheme == "https", !name.isEmpty else {
            throw APIError.badRequest("invalid service request \"\(target.id)\"")
        }
        guard let services = registry.definition(apiVersion: "v1", plural: "services"),
            let endpointsDefinition = registry.definition(apiVersion: "v1", plural: "endpoints")
        else { throw APIError.pathNotFound() }
        let service = try await store.get(services, namespace: target.namespace, name: name).json()
        // A port number is looked up among the Service's ports and replaced by that port's name.
        if let number = Int(port) {
            let ports = service.value(at: ["spec", "ports"])?.arrayValue ?? []
            guard let entry = ports.first(where: { $0["port"]?.intValue == number }) else {
                throw APIError.serviceUnavailable("no service port \(number) found for service \"\(name)\"")
            }
            port = entry["name"]?.stringValue ?? ""
        }
        let endpoints = try? await store.get(endpointsDefinition, namespace: target.namespace, name: name).json()
        let subsets = endpoints?["subsets"]?.arrayValue ?? []
        guard !subsets.isEmpty else { throw APIError.serviceUnavailable("no endpoints available for service \"\(name)\"") }
        for subset in subsets.shuffled() {
            guard let address = (subset["addresses"]?.arrayValue ?? []).randomElement()?["ip"]?.stringValue,
                let endpointPort = (subset["ports"]?.arrayValue ?? []).first(where: { ($0["name"]?.stringValue ?? "") == port }),
                let number = endpointPort["port"]?.intValue
            else { continue }
            let host = address.contains(":") ? "[\(address)]" : address
            return "\(scheme.isEmpty ? "http" : scheme)://\(host):\(number)"
        }
        throw APIError.serviceUnavailable("no endpoints available for service \"\(target.id)\"")
    }
}
