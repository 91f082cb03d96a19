import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Server-sent event framing (WHATWG HTML, "Server-sent events"): `event:` and `data:` lines, a blank line to
/// dispatch, comment lines (`:`) as keep-alives. Data is one line of JSON (JSON escapes newlines), so one `data:`
/// line carries it.
enum ServerSentEvents {
    /// The headers of a stream: `text/event-stream` (the Kubernetes service proxy flushes every write for it), no
    /// caching, and no buffering by an nginx in front.
    static let headers: HTTPFields = [
        .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache",
        HTTPField.Name("X-Accel-Buffering")!: "no",
    ]

    /// One event: an optional `event:` name, an optional `id:` (what a reconnecting client sends back as
    /// `Last-Event-ID`) and the value as JSON in `data:`.
    static func event(_ value: some Encodable, name: String? = nil, id: String? = nil) throws -> ByteBuffer {
        let json = String(decoding: try JSONBody.encoder.encode(value), as: UTF8.self)
        var text = ""
        if let name { text += "event: \(name)\n" }
        if let id { text += "id: \(id)\n" }
        text += "data: \(json)\n\n"
        return ByteBuffer(string: text)
    }

    /// A comment line that keeps idle connections (and proxies) open.
    static let keepAlive = ByteBuffer(string: ": keep-alive\n\n")
}
