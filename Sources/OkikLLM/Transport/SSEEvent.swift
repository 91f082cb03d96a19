/// One server-sent event: its `event:` name, joined `data:` lines, and `id:`.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `nil` for the default `message` type.
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The `id:` field, if one was sent.
    public var id: String?
    /// The `retry:` reconnection time in milliseconds, if one was sent.
    public var retry: Int?
}
