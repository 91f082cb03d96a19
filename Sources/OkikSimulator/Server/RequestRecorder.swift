import Foundation

/// Counts the requests that reach the simulator, by method, so tests can prove what did or did not hit the API.
public final class RequestRecorder: @unchecked Sendable {
    /// One recorded request.
    public struct Entry: Sendable, Hashable {
        /// `GET`, `POST`, `PUT`, `PATCH`, `DELETE`.
        public var method: String
        /// The request path.
        public var path: String
        /// Whether the request carried `dryRun=All`.
        public var dryRun: Bool
    }

    private let lock = NSLock()
    private var recorded: [Entry] = []

    /// Creates an empty recorder.
    public init() {}

    /// Records one request.
    func record(method: String, path: String, query: String?) {
        let dryRun = (query ?? "").split(separator: "&").contains { $0 == "dryRun=All" }
        lock.withLock { recorded.append(Entry(method: method, path: path, dryRun: dryRun)) }
    }

    /// Every request so far, in arrival order.
    public var entries: [Entry] { lock.withLock { recorded } }

    /// Requests that could change state (anything but GET), excluding dry runs unless asked.
    public func writeCount(includingDryRuns: Bool = false) -> Int {
        lock.withLock { recorded.filter { $0.method != "GET" && (includingDryRuns || !$0.dryRun) }.count }
    }

    /// Forgets everything recorded.
    public func reset() { lock.withLock { recorded.removeAll() } }
}
