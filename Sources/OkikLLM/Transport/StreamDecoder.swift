/// Turns one provider's server-sent events into ``ChatEvent``s, assembling the reply as it goes.
protocol StreamDecoder: Sendable {
    /// Handles one event and returns what to yield to the caller.
    mutating func consume(_ event: SSEEvent) throws(LLMError) -> [ChatEvent]
    /// Called when the body ends; returns the final events (ending with `.finished`) or throws when the
    /// stream stopped before its finish event.
    mutating func finish() throws(LLMError) -> [ChatEvent]
    /// Whether the provider's end-of-stream marker was seen; the rest of the body is ignored.
    var isComplete: Bool { get }
}
