import Foundation
import OkikKit
import Testing

/// A target's wire shape is flat, and plans stored in the earlier nested shape still decode.
@Suite("ToolTarget coding")
struct ToolTargetCodingTests {
    @Test(arguments: [
        (ToolTarget.namespaced("Deployment", "shop", "web"), #"{"kind":"Deployment","name":"web","namespace":"shop","scope":"namespace"}"#),
        (ToolTarget.cluster("Node", "node-1"), #"{"kind":"Node","name":"node-1","scope":"cluster"}"#),
        (ToolTarget.collection("Pod", namespace: nil), #"{"kind":"Pod","scope":"allNamespaces"}"#),
    ])
    func encodesFlatAndRoundTrips(target: ToolTarget, json: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(target), as: UTF8.self) == json)
        #expect(try JSONDecoder().decode(ToolTarget.self, from: Data(json.utf8)) == target)
    }

    @Test(arguments: [
        (#"{"scope":{"namespace":{"_0":"shop"}},"kind":"Deployment","name":"web"}"#, ToolTarget.namespaced("Deployment", "shop", "web")),
        (#"{"scope":{"cluster":{}},"kind":"Node","name":"node-1"}"#, ToolTarget.cluster("Node", "node-1")),
        (#"{"scope":{"allNamespaces":{}},"kind":"Pod"}"#, ToolTarget.collection("Pod", namespace: nil)),
    ])
    func decodesTheEarlierNestedShape(json: String, target: ToolTarget) throws {
        #expect(try JSONDecoder().decode(ToolTarget.self, from: Data(json.utf8)) == target)
    }

    @Test func anUnknownScopeIsAClearError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ToolTarget.self, from: Data(#"{"scope":"galaxy","kind":"Pod"}"#.utf8))
        }
    }
}
