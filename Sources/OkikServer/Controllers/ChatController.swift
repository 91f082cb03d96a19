import Foundation
import Hummingbird
import Logging
import OkikKit

/// POST /chat (operator): one turn of a ``ChatSession`` as the token's person, new or resumed by id. The model is the
/// agent's current one (none: the offline answers); the session is kept in the audit store, so it can be resumed
/// after a restart with a SQLite store. An unknown session is a 404, another person's a 403, and a session with a turn
/// still running a 409 (``ChatTurnGate``).
struct ChatController {
    let runtime: OkikRuntime
    let maxBodyBytes: Int
    let turns = ChatTurnGate()

    func chat(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(ChatTurnRequest.self, from: &request, limit: maxBodyBytes)
        let session = try await session(for: body, context: context)
        let turn = try await begin(session)
        do {
            let answer = try await session.ask(body.message)
            await turn.end()
            return try JSONBody.response(ChatTurnResponse(answer))
        } catch {
            await turn.end()
            throw error
        }
    }

    /// A claimed turn: `end()` gives it back at once; its lease gives it back when the response is dropped without
    /// ending it (a stream whose body never ran).
    struct Turn: Sendable {
        let gate: ChatTurnGate
        let session: UUID
        let id: UUID
        let lease: Lease

        func end() async {
            await gate.end(session, turn: id)
            lease.release()
        }
    }

    /// Claims the session's turn.
    /// - Throws: a 409 when a turn already runs on it.
    func begin(_ session: ChatSession) async throws -> Turn {
        guard let turn = await turns.begin(session.id) else {
            throw ServerError.conflict(
                "a turn is already running on chat session \(session.id.uuidString.lowercased()); wait for its answer, then ask again")
        }
        let (gate, id) = (turns, session.id)
        return Turn(gate: gate, session: id, id: turn, lease: Lease { Task { await gate.end(id, turn: turn) } })
    }

    /// The session the body asks for: resumed by id, or a new one.
    /// - Throws: a 400 naming `message` when it is blank; a 404 for a malformed or unknown session id; a 403 for
    ///   another person's session.
    func session(for body: ChatTurnRequest, context: OkikRequestContext) async throws -> ChatSession {
        guard !body.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ServerError.badRequest("\"message\" must not be blank", field: "message")
        }
        let person = try ActionsController.person(context)
        guard let store = runtime.store as? any ChatStore else {
            throw ServerError.conflict("this server's audit store cannot keep chat sessions")
        }
        let model = await runtime.agent?.currentModel
        let client = runtime.client
        let namespace = runtime.configuration.namespace
        let clock = runtime.configuration.clock
        // The informer caches when they run (in okik-server, the watchdog's), as the agent reads them: a fresh list
        // of every kind took about 100 ms per turn at 1,000 pods. A fresh read when they do not (router tests).
        let caches = runtime.caches
        let snapshot: @Sendable () async throws -> ClusterSnapshot = {
            if await caches.hasSynced { return await caches.snapshot(clock: clock) }
            return try await ClusterSnapshot.collect(from: client, namespace: namespace, clock: clock)
        }
        let logger = context.logger
        guard let text = body.session else {
            return try await ChatSession(
                caller: person, executor: runtime.executor, model: model, snapshot: snapshot, store: store,
                clock: clock, logger: logger)
        }
        guard let id = UUID(uuidString: text) else { throw ServerError.notFound("there is no chat session with id \(text)") }
        return try await ChatSession.resume(
            id: id, caller: person, executor: runtime.executor, model: model, snapshot: snapshot, store: store,
            clock: clock, logger: logger)
    }
}

extension ChatController {
    /// POST /chat/stream (operator): the same turn as server-sent events: `session` first, then the turn's events as
    /// they happen (`event: <kind>`, `data: <json>`, see ``ChatStreamEvent``), ending after `done`. A bad body, an
    /// unknown session or another person's is refused before the stream starts, as a JSON error. A store failure
    /// during the turn ends the stream with an `error` event. A client that goes away cancels the turn.
    func stream(_ request: Request, context: OkikRequestContext) async throws -> Response {
        var request = request
        let body = try await JSONBody.decode(ChatTurnRequest.self, from: &request, limit: maxBodyBytes)
        let session = try await session(for: body, context: context)
        // Given back when the turn's last event is written or writing fails, or when the body never runs.
        let turn = try await begin(session)
        let logger = context.logger
        return Response(
            status: .ok, headers: ServerSentEvents.headers,
            body: ResponseBody { writer in
                do {
                    try await writer.write(try ServerSentEvents.event(ChatStreamEvent.session(session.id), name: "session"))
                    do {
                        for try await event in await session.send(body.message) {
                            let wire = ChatStreamEvent(event)
                            try await writer.write(try ServerSentEvents.event(wire, name: wire.kind))
                        }
                    } catch {
                        logger.error(
                            "chat stream failed",
                            metadata: ["okik.chat.session": "\(session.id)", "okik.error": "\(String(reflecting: type(of: error)))"])
                        var failure = ChatStreamEvent(kind: "error")
                        failure.message = "the turn failed; see the server's log"
                        try await writer.write(try ServerSentEvents.event(failure, name: "error"))
                    }
                } catch {
                    await turn.end()
                    throw error
                }
                await turn.end()
                try await writer.finish(nil)
            })
    }
}
