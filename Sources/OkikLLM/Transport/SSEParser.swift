/// Incremental parser for `text/event-stream` bodies, following the WHATWG event-stream rules.
///
/// Feed it the body's chunks as they come; chunk boundaries may fall anywhere, even inside a UTF-8 sequence or
/// between a CR and its LF. Lines end with LF, CRLF or CR; `:` comments (keep-alives) are skipped; several
/// `data:` lines of one event are joined with `\n`; a blank line dispatches the event. Unlike a browser, a
/// last event that is not followed by a blank line is still dispatched by ``finish()``, since servers that
/// close right after `data: [DONE]` exist. An `error:` line (llama.cpp) is read as the data of an `error` event.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var atStart = true
    private var eventType: String?
    private var dataLines: [String] = []
    private var hasData = false
    private var lastID: String?
    private var retry: Int?

    /// Creates a parser at the start of a stream.
    public init() {}

    /// Consumes a chunk of the body and returns the events it completed.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [SSEEvent] where Bytes.Element == UInt8 {
        var events: [SSEEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if lastWasCR {
                    lastWasCR = false
                    continue
                }
                if let event = processLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                lastWasCR = true
                if let event = processLine() { events.append(event) }
            default:
                lastWasCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream, dispatching a last event that lacked its closing blank line.
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty, let event = processLine() { events.append(event) }
        if let event = dispatch() { events.append(event) }
        return events
    }

    private mutating func processLine() -> SSEEvent? {
        var bytes = line[...]
        line.removeAll(keepingCapacity: true)
        if atStart {
            atStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        if bytes.isEmpty { return dispatch() }
        if bytes.first == UInt8(ascii: ":") { return nil }
        let field: String
        let value: Substring
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: bytes[..<colon], as: UTF8.self)
            var rest = bytes[bytes.index(after: colon)...]
            if rest.first == UInt8(ascii: " ") { rest = rest.dropFirst() }
            value = Substring(String(decoding: rest, as: UTF8.self))
        } else {
            field = String(decoding: bytes, as: UTF8.self)
            value = ""
        }
        switch field {
        case "event":
            eventType = String(value)
        case "data":
            dataLines.append(String(value))
            hasData = true
        case "error":
            // Not a WHATWG field: llama.cpp's server reports a failure mid-stream as `error: {...}` instead of
            // `data:`. Read as an `error` event so the failure is reported rather than dropped.
            eventType = "error"
            dataLines.append(String(value))
            hasData = true
        case "id":
            if !value.contains("\0") { lastID = String(value) }
        case "retry":
            if !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) {
                retry = Int(value)
            }
        default:
            break
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            eventType = nil
            dataLines.removeAll()
            hasData = false
        }
        guard hasData else { return nil }
        return SSEEvent(event: eventType, data: dataLines.joined(separator: "\n"), id: lastID, retry: retry)
    }
}
