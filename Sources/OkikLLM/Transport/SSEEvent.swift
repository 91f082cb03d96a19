/// One server-sent event: its `event:` name, joined `data:` lines, and `id:`.
struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `nil` for the default `message` type.
    var event: String?
    /// The `data:` lines joined with `\n`.
    var data: String
    /// The `id:` field, if one was sent.
    var id: String?
    /// The `retry:` reconnection time in milliseconds, if one was sent.
    var retry: Int?
}
