import AsyncHTTPClient
import Foundation
import NIOCore

/// Options of a pod log request.
public struct PodLogOptions: Sendable, Hashable {
    /// The container; required when the pod has more than one.
    public var container: String?
    /// The previous (terminated) instance of the container.
    public var previous: Bool
    /// Only the last lines.
    public var tailLines: Int?
    /// Only lines newer than this many seconds.
    public var sinceSeconds: Int?
    /// Only lines after this time.
    public var sinceTime: Timestamp?
    /// At most this many bytes.
    public var limitBytes: Int?
    /// Prefix each line with its RFC 3339 timestamp.
    public var timestamps: Bool

    /// Creates options.
    public init(
        container: String? = nil, previous: Bool = false, tailLines: Int? = nil, sinceSeconds: Int? = nil,
        sinceTime: Timestamp? = nil, limitBytes: Int? = nil, timestamps: Bool = false
    ) {
        self.container = container
        self.previous = previous
        self.tailLines = tailLines
        self.sinceSeconds = sinceSeconds
        self.sinceTime = sinceTime
        self.limitBytes = limitBytes
        self.timestamps = timestamps
    }

    func queryItems(follow: Bool) -> [(String, String)] {
        var items: [(String, String)] = []
        if let container { items.append(("container", container)) }
        if follow { items.append(("follow", "true")) }
        if let limitBytes { items.append(("limitBytes", String(limitBytes))) }
        if previous { items.append(("previous", "true")) }
        if let sinceSeconds { items.append(("sinceSeconds", String(sinceSeconds))) }
        if let sinceTime { items.append(("sinceTime", sinceTime.rfc3339)) }
        if let tailLines { items.append(("tailLines", String(tailLines))) }
        if timestamps { items.append(("timestamps", "true")) }
        return items
    }
}

extension ResourceClient where R == Pod {
    /// Evicts a pod through the `policy/v1` Eviction subresource, which respects PodDisruptionBudgets.
    /// - Throws: ``KubeError`` with code `.disruptionBudget` when a budget refuses, `.notFound` when the pod is gone.
    public func evict(_ name: String, gracePeriodSeconds: Int? = nil, dryRun: DryRun = .none) async throws {
        var body: JSONValue = [
            "apiVersion": "policy/v1", "kind": "Eviction",
            "metadata": ["name": .string(name), "namespace": .string(namespace ?? "")],
        ]
        if let gracePeriodSeconds { body["deleteOptions"] = ["gracePeriodSeconds": .int(gracePeriodSeconds)] }
        _ = try await client.send(
            KubeRequest(
                method: "POST", path: try objectPath(name, subresource: "eviction"), query: dryRunQuery(dryRun),
                body: try KubeJSON.encoder.encode(body), resource: resource, name: name))
    }

    /// Reads a container's log.
    /// - Throws: ``KubeError`` (`.badRequest` naming the containers when `container` is needed or unknown).
    public func logs(_ name: String, options: PodLogOptions = PodLogOptions()) async throws -> String {
        let response = try await client.send(
            KubeRequest(
                method: "GET", path: try objectPath(name, subresource: "log"), query: options.queryItems(follow: false),
                headers: [("Accept", "text/plain, */*")], resource: resource, name: name))
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Follows a container's log: the existing lines, then new ones as they are written, until the container stops
    /// or the task is cancelled.
    public func followLogs(_ name: String, options: PodLogOptions = PodLogOptions()) -> LogStream {
        LogStream(pods: self, name: name, options: options)
    }
}

/// The lines of a followed pod log, as an `AsyncSequence`; pulls bytes only as fast as lines are consumed.
public struct LogStream: AsyncSequence, Sendable {
    public typealias Element = String

    let pods: ResourceClient<Pod>
    let name: String
    let options: PodLogOptions

    public func makeAsyncIterator() -> Iterator {
        Iterator(stream: self)
    }

    /// The iterator; use it from one task.
    public struct Iterator: AsyncIteratorProtocol {
        let stream: LogStream
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var lines = LineBuffer(maxLineBytes: 16 * 1024 * 1024)
        private var finished = false

        init(stream: LogStream) { self.stream = stream }

        public mutating func next() async throws -> String? {
            while true {
                if let line = try lines.nextLine() { return String(decoding: line, as: UTF8.self) }
                if finished {
                    let rest = lines.remainder
                    lines = LineBuffer()
                    return rest.isEmpty ? nil : String(decoding: rest, as: UTF8.self)
                }
                if body == nil {
                    let request = KubeRequest(
                        method: "GET", path: try stream.pods.objectPath(stream.name, subresource: "log"),
                        query: stream.options.queryItems(follow: true), headers: [("Accept", "text/plain, */*")],
                        resource: stream.pods.resource, name: stream.name)
                    body = try await stream.pods.client.transport.stream(request).body.makeAsyncIterator()
                }
                guard let chunk = try await body?.next() else {
                    finished = true
                    continue
                }
                lines.append(chunk.readableBytesView)
            }
        }
    }
}
