import Foundation
import Logging
import MCP

/// One streamable HTTP session's transport (MCP 2025-06-18 and later, "Streamable HTTP"): each POSTed request is
/// answered with one `application/json` object, its response; a POSTed notification or response gets 202; a GET
/// opens the `text/event-stream` of server-initiated messages (resource updates); DELETE ends the session.
///
/// The SDK's `StatefulHTTPServerTransport` answers every POST as an event stream and keeps every event for replay
/// for the life of the session; the SDK's own client on Linux reads only JSON answers, and a long session would
/// grow without bound. This one holds only the calls in flight and at most ``backlogLimit`` undelivered messages.
actor MCPHTTPTransport: MCP.Transport {
    /// Server-initiated messages kept while no GET stream is open (the oldest are dropped beyond it).
    static let backlogLimit = 64

    nonisolated let logger: Logger
    /// The session's id, sent back in `MCP-Session-Id`.
    nonisolated let sessionID: String
    private let validation: StandardValidationPipeline
    private let (incoming, incomingContinuation) = AsyncThrowingStream.makeStream(of: Data.self)
    private var pending: [String: CheckedContinuation<Data?, Never>] = [:]
    private var events: AsyncStream<Data>.Continuation?
    private var eventsGeneration = 0
    private var backlog: [Data] = []
    private var initialized = false
    private var terminated = false

    init(sessionID: String, logger: Logger) {
        self.sessionID = sessionID
        self.logger = logger
        // Origin is checked before any session is looked up (MCPHTTPSessions); the Host is whatever the client or
        // the Kubernetes service proxy sent, so it is not checked.
        validation = StandardValidationPipeline(validators: [
            AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(), SessionValidator(),
        ])
    }

    // MARK: Transport

    func connect() async throws {}

    func disconnect() async {
        terminate()
    }

    func send(_ data: Data) async throws {
        guard !terminated else { throw MCPError.connectionClosed }
        let message = Self.classify(data)
        if case .response(let id) = message, let waiting = pending.removeValue(forKey: id) {
            waiting.resume(returning: data)
            return
        }
        // A notification, a request of the server's, or a response nobody waits for any more.
        if let events {
            events.yield(data)
        } else {
            backlog.append(data)
            if backlog.count > Self.backlogLimit { backlog.removeFirst(backlog.count - Self.backlogLimit) }
        }
    }

    func receive() -> AsyncThrowingStream<Data, any Error> {
        incoming
    }

    // MARK: HTTP

    /// Whether the session has ended (DELETE, or the server stopped).
    var isTerminated: Bool { terminated }

    /// Answers one HTTP request of this session.
    func handle(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        guard !terminated else {
            return .error(statusCode: 404, .invalidRequest("Not Found: Session has been terminated"), sessionID: sessionID)
        }
        switch request.method.uppercased() {
        case "POST": return await post(request)
        case "GET": return get(request)
        case "DELETE":
            if let refusal = validate(request, method: "DELETE", initializing: false) { return refusal }
            terminate()
            return .ok(headers: headers)
        default:
            return .error(
                statusCode: 405, .invalidRequest("Method Not Allowed"), sessionID: sessionID,
                extraHeaders: ["Allow": "GET, POST, DELETE"])
        }
    }

    private func post(_ request: MCP.HTTPRequest) async -> MCP.HTTPResponse {
        guard let body = request.body, !body.isEmpty else {
            return .error(statusCode: 400, .parseError("Empty request body"), sessionID: sessionID)
        }
        let message = Self.classify(body)
        if case .invalid(let reason) = message {
            return .error(statusCode: 400, .invalidRequest("Bad Request: \(reason)"), sessionID: sessionID)
        }
        let initializing = message.isInitialize
        if let refusal = validate(request, method: "POST", initializing: initializing) { return refusal }
        if initializing {
            guard !initialized else {
                return .error(statusCode: 400, .invalidRequest("Bad Request: Session already initialized"), sessionID: sessionID)
            }
            initialized = true
        }
        guard case .request(let id, _) = message else {
            incomingContinuation.yield(body)
            return .accepted(headers: headers)
        }
        guard pending[id] == nil else {
            return .error(statusCode: 409, .invalidRequest("Conflict: a request with this id is in flight"), sessionID: sessionID)
        }
        let answer: Data? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                pending[id] = continuation
                incomingContinuation.yield(body)
            }
        } onCancel: {
            Task { await self.abandon(id) }
        }
        guard let answer else {
            return .error(statusCode: 503, .internalError("the session ended before the answer"), sessionID: sessionID)
        }
        var headers = headers
        headers["Content-Type"] = "application/json"
        return .data(answer, headers: headers)
    }

    private func get(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        if let refusal = validate(request, method: "GET", initializing: false) { return refusal }
        guard events == nil else {
            return .error(statusCode: 409, .invalidRequest("Conflict: Only one SSE stream is allowed per session"), sessionID: sessionID)
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Data.self, bufferingPolicy: .bufferingNewest(Self.backlogLimit))
        for data in backlog { continuation.yield(data) }
        backlog = []
        events = continuation
        eventsGeneration += 1
        let generation = eventsGeneration
        continuation.onTermination = { _ in Task { await self.closeEvents(generation) } }
        let frames = AsyncThrowingStream<Data, any Error> { output in
            let forward = Task {
                for await data in stream {
                    output.yield(Data("event: message\ndata: ".utf8) + data + Data("\n\n".utf8))
                }
                output.finish()
            }
            output.onTermination = { _ in forward.cancel() }
        }
        var headers = headers
        headers["Content-Type"] = "text/event-stream"
        headers["Cache-Control"] = "no-cache, no-transform"
        return .stream(frames, headers: headers)
    }

    private var headers: [String: String] { ["MCP-Session-Id": sessionID] }

    private func validate(_ request: MCP.HTTPRequest, method: String, initializing: Bool) -> MCP.HTTPResponse? {
        validation.validate(
            request,
            context: HTTPValidationContext(
                httpMethod: method, sessionID: initialized || !initializing ? sessionID : nil,
                isInitializationRequest: initializing))
    }

    private func abandon(_ id: String) {
        pending.removeValue(forKey: id)?.resume(returning: nil)
    }

    private func closeEvents(_ generation: Int) {
        if generation == eventsGeneration { events = nil }
    }

    private func terminate() {
        guard !terminated else { return }
        terminated = true
        for (_, waiting) in pending { waiting.resume(returning: nil) }
        pending = [:]
        events?.finish()
        events = nil
        incomingContinuation.finish()
    }

    // MARK: Messages

    /// What a JSON-RPC message is, as far as routing needs to know.
    enum Message: Equatable {
        case request(id: String, method: String)
        case notification(method: String)
        case response(id: String)
        case invalid(String)

        var isInitialize: Bool {
            if case .request(_, let method) = self { return method == "initialize" }
            return false
        }
    }

    /// Classifies one message; ids are keyed by type (`n:1` and `s:1` differ, as in JSON-RPC).
    static func classify(_ data: Data) -> Message {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { return .invalid("the body is not JSON") }
        guard let members = object as? [String: Any] else {
            return .invalid("send one JSON-RPC message per request (batches are not supported)")
        }
        var id: String?
        if let text = members["id"] as? String {
            id = "s:\(text)"
        } else if let number = members["id"] as? Int {
            id = "n:\(number)"
        }
        if let method = members["method"] as? String {
            if let id { return .request(id: id, method: method) }
            return .notification(method: method)
        }
        if members["result"] != nil || members["error"] != nil, let id { return .response(id: id) }
        return .invalid("not a JSON-RPC request, notification or response")
    }
}
