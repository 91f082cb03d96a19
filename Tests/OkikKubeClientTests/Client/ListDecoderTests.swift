import Foundation
import OkikKubeClient
import OkikTesting
import Testing

@Suite("Item-by-item list decoding")
struct ListDecoderTests {
    @Test func decodesListsWithWhitespaceEscapesAndUnknownKeys() throws {
        let json = """
             { "kind" : "ConfigMapList", "apiVersion":"v1", "extra": {"nested": ["]", "}", "\\"quoted\\""]},
              "metadata": {"resourceVersion": "42", "continue": "abc"},
              "items" : [ {"metadata": {"name": "a\\"b", "namespace": "x"}, "data": {"k": "v}]"}} ,
                          {"metadata": {"name": "c"}} ] }
            """
        let list = try ResourceList<ConfigMap>.decode(fromJSON: Array(json.utf8))
        #expect(list.kind == "ConfigMapList")
        #expect(list.apiVersion == "v1")
        #expect(list.metadata.resourceVersion == "42")
        #expect(list.metadata.continue == "abc")
        #expect(list.items.map(\.name) == ["a\"b", "c"])
        #expect(list.items[0].data == ["k": "v}]"])
    }

    @Test func nullAndEmptyItems() throws {
        #expect(try ResourceList<ConfigMap>.decode(fromJSON: Array(#"{"kind":"ConfigMapList","items":null}"#.utf8)).items.isEmpty)
        #expect(try ResourceList<ConfigMap>.decode(fromJSON: Array(#"{"kind":"ConfigMapList","metadata":{}}"#.utf8)).items.isEmpty)
        #expect(try ResourceList<ConfigMap>.decode(fromJSON: Array(#"{"items":[]}"#.utf8)).items.isEmpty)
    }

    /// A 2xx body that is not a list (`{}`, a Status from a misbehaving proxy) is refused, not read as empty.
    @Test func aBodyWithoutItemsIsNotAnEmptyList() throws {
        for body in ["{}", #"{"items":null}"#, #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success"}"#] {
            let error = try #require(throws: DecodingError.self, "\(body)") {
                try ResourceList<ConfigMap>.decode(fromJSON: Array(body.utf8))
            }
            #expect("\(error)".contains("not a list"), "\(error)")
        }
    }

    @Test func aStatusAnsweredToAListFailsTheList() async throws {
        try await ScriptedProviderServer.with([.reply(body: #"{"kind":"Status","status":"Success"}"#)]) { server in
            try await KubeClient.withClient(config: server.kubeConfig(), logger: testLogger) { client in
                let error = try await #require(throws: KubeError.self) {
                    try await client.namespaced(Pod.self, in: .named("default")).list()
                }
                #expect(error.code == .decoding, "\(error)")
            }
        }
    }

    @Test func errorsNameTheItem() throws {
        let json = #"{"items":[{"metadata":{"name":"ok"}},{"metadata":{"name":7}}]}"#
        let error = try #require(throws: DecodingError.self) { try ResourceList<ConfigMap>.decode(fromJSON: Array(json.utf8)) }
        guard case .typeMismatch(_, let context) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["items", "1", "metadata", "name"])
    }

    @Test func truncatedInputIsAnError() {
        #expect(throws: DecodingError.self) { try ResourceList<ConfigMap>.decode(fromJSON: Array(#"{"items":[{"metadata":{"name":"a"#.utf8)) }
        #expect(throws: DecodingError.self) { try ResourceList<ConfigMap>.decode(fromJSON: Array(#"{"items":[]} trailing"#.utf8)) }
    }
}
