/// A chat model that can answer a ``ChatRequest``, whole or streamed.
///
/// ```swift
/// let model: any ChatModel = try LLMConfiguration.resolve().makeChatModel()
/// let reply = try await model.respond(to: ChatRequest(messages: [.user("Hello")]))
/// print(reply.text)
/// ```
public protocol ChatModel: Sendable {
    /// The model id requests use unless ``ChatRequest/model`` overrides it.
    var model: String { get }

    /// Sends the request and returns the complete reply.
    /// - Throws: ``LLMError`` (or `CancellationError` when the task is cancelled).
    func respond(to request: ChatRequest) async throws -> ChatResponse

    /// Streams the reply; the sequence ends with ``ChatEvent/finished(_:)`` or throws an ``LLMError``.
    /// Cancelling the consuming task, or dropping the stream, cancels the request.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error>
}

extension ChatModel {
    /// Streams the reply, passing each event to `onEvent` (on the caller's actor), and returns the assembled reply.
    /// - Throws: ``LLMError``, or `CancellationError` when the task is cancelled.
    public func respondStreaming(
        to request: ChatRequest,
        isolation: isolated (any Actor)? = #isolation,
        onEvent: (ChatEvent) async throws -> Void = { _ in }
    ) async throws -> ChatResponse {
        var final: ChatResponse?
        for try await event in stream(request) {
            try await onEvent(event)
            if case .finished(let response) = event { final = response }
        }
        guard let final else { throw LLMError.streamInterrupted(message: "the stream ended without a reply") }
        return final
    }
}
