import Testing

@testable import OkikLLM

@Suite("SSE parser")
struct SSEParserTests {
    private func parse(_ chunks: [[UInt8]]) -> [SSEEvent] {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for chunk in chunks { events += parser.feed(chunk) }
        return events + parser.finish()
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("events, names, multi-line data, comments and ids")
    func basics() {
        let text = ": keep-alive\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: line one\ndata: line two\nid: 7\n\n:ping\n\n"
        let events = parse([bytes(text)])
        #expect(
            events == [
                SSEEvent(event: "message_start", data: #"{"a":1}"#),
                SSEEvent(event: nil, data: "line one\nline two", id: "7"),
            ]
        )
    }

    @Test("every split point gives the same events", arguments: [1, 2, 3, 5, 7, 64])
    func splitAnywhere(size: Int) {
        let text = "event: a\r\ndata: héllo wörld\r\n\r\ndata:no-space\rdata: x\r\r\ndata: [DONE]\n\n"
        let all = bytes(text)
        let chunks = stride(from: 0, to: all.count, by: size).map { Array(all[$0..<min($0 + size, all.count)]) }
        let expected = [
            SSEEvent(event: "a", data: "héllo wörld"),
            SSEEvent(event: nil, data: "no-space\nx"),
            SSEEvent(event: nil, data: "[DONE]"),
        ]
        #expect(parse(chunks) == expected)
    }

    @Test("a CR at the end of one chunk and its LF in the next make one line break")
    func crlfAcrossChunks() {
        #expect(parse([bytes("data: a\r"), bytes("\n\r"), bytes("\ndata: b\n\n")]) == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test("a last event without its blank line is still dispatched; a BOM is skipped")
    func unterminatedAndBOM() {
        #expect(parse([[0xEF, 0xBB, 0xBF] + bytes("data: [DONE]")]) == [SSEEvent(data: "[DONE]")])
    }

    @Test("llama.cpp's `error:` line is an error event")
    func errorField() {
        #expect(parse([bytes("error: {\"code\":500}\n\n")]) == [SSEEvent(event: "error", data: "{\"code\":500}")])
    }

    @Test("events without data are not dispatched; unknown fields are ignored")
    func emptyEvents() {
        #expect(parse([bytes("event: ping\n\nfoo: bar\nretry: 3000\ndata\n\n")]) == [SSEEvent(data: "", retry: 3000)])
    }
}
