import Foundation
import OkikKubeClient
import Testing

@Suite("JSONValue parser and writer")
struct JSONValueTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":"x","d":-2.5,"e":{}}"#,
        #"[]"#, #"0"#, #"-0.5"#, #"1e3"#, #""\u00e9\ud83d\ude00 \"quoted\" \\ \/ \n\t""#, #"  {"nested": {"k": [1, [2, [3]]]}}  "#,
        #"9223372036854775807"#, #"92233720368547758070"#, #"{"dup":1,"dup":2}"#,
    ])
    func parsesLikeJSONSerialization(_ text: String) throws {
        let parsed = try JSONValue.parse(Data(text.utf8))
        let reference = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        let reparsed = try JSONSerialization.jsonObject(with: Data(parsed.serializedBytes()), options: [.fragmentsAllowed])
        #expect((reference as? NSObject)?.isEqual(reparsed) == true, "\(text) -> \(parsed.jsonString())")
    }

    @Test func keepsIntegersExactAndTypesApart() throws {
        let value = try JSONValue.parse(Data(#"{"rv": 9007199254740993, "ratio": 0.25, "whole": 2.0, "flag": true}"#.utf8))
        #expect(value["rv"] == .int(9_007_199_254_740_993))
        #expect(value["ratio"] == .double(0.25))
        #expect(value["whole"]?.intValue == 2)
        #expect(value["flag"] == .bool(true))
    }

    @Test func writesSortedCompactEscapedJSON() {
        let value: JSONValue = ["b": "line\nbreak \"q\" \u{1}", "a": [1, 2.5, nil], "c": ["z": true]]
        #expect(value.jsonString() == #"{"a":[1,2.5,null],"b":"line\nbreak \"q\" \u0001","c":{"z":true}}"#)
        #expect(JSONValue.double(.nan).jsonString() == "null")
        #expect(JSONValue.string("a/b").jsonString() == #""a/b""#)
    }

    @Test func sortsKeysByTheirUTF8Bytes() {
        let value: JSONValue = [
            "abcdefgh2": 1, "abcdefgh1": 2, "abcdefgh": 3, "abc": 4, "abcdefgh10": 5, "é": 6, "e": 7, "Z": 8, "": 9,
        ]
        #expect(value.jsonString()
            == #"{"":9,"Z":8,"abc":4,"abcdefgh":3,"abcdefgh1":2,"abcdefgh10":5,"abcdefgh2":1,"e":7,"é":6}"#)
        let numbers: JSONValue = [.int(Int.min), .int(Int.max), .int(-7), .int(0), .double(-3), .double(1e300)]
        #expect(numbers.jsonString() == "[-9223372036854775808,9223372036854775807,-7,0,-3,1e+300]")
        let keys = (0..<300).map { "key-\($0)" }
        let wide = JSONValue.object(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.string($0)) }))
        #expect(wide.jsonString() == "{" + keys.sorted().map { "\"\($0)\":\"\($0)\"" }.joined(separator: ",") + "}")
        let large = JSONValue.array(Array(repeating: .string(String(repeating: "x", count: 100)), count: 100))
        #expect(large.serializedBytes().count == 100 * 102 + 99 + 2)
    }

    @Test(arguments: [
        ("", 0), ("{", 1), (#"{"a" 1}"#, 5), ("[1,]", 3), ("tru", 0), (#""abc"#, 4), ("01", 0), ("1 2", 2),
        (#""\x""#, 3), (#""\ud800""#, 7), ("{\"a\":1,}", 7),
    ])
    func rejectsInvalidTextWithItsOffset(_ text: String, _ offset: Int) {
        do {
            _ = try JSONValue.parse(bytes: Array(text.utf8))
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test func refusesHostileNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes: Array(deep.utf8)) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue.parse(bytes: Array(fine.utf8)) }
    }

    @Test func roundTripsThroughCodableModels() throws {
        let json: JSONValue = [
            "metadata": ["name": "web", "namespace": "shop", "labels": ["app": "web"]],
            "spec": ["replicas": 3, "template": ["spec": ["containers": [["name": "web", "image": "web:1", "resources": ["requests": ["cpu": "250m"]]]]]]],
        ]
        let deployment = try json.decode(as: Deployment.self)
        #expect(deployment.spec?.replicas == 3)
        #expect(deployment.spec?.template?.spec?.containers?.first?.resources?.cpuRequest == (try Quantity("250m")))
        let back = try JSONValue.encode(deployment)
        #expect(back.value(at: ["spec", "replicas"]) == .int(3))
    }
}

@Suite("Indirect fields")
struct IndirectFieldTests {
    @Test func encodeAndDecodeLikeOptionals() throws {
        let plain = Container.EnvVar(name: "A", value: "1")
        let encoded = try JSONValue.encode(plain)
        #expect(encoded == ["name": "A", "value": "1"])
        let reference = Container.EnvVar(name: "POD", valueFrom: .init(fieldRef: .init(fieldPath: "metadata.name")))
        let decoded = try JSONValue.encode(reference).decode(as: Container.EnvVar.self)
        #expect(decoded == reference)
        #expect(decoded.valueFrom?.fieldRef?.fieldPath == "metadata.name")
        let nulled = try JSONValue.parse(Data(#"{"name": "B", "valueFrom": null}"#.utf8)).decode(as: Container.EnvVar.self)
        #expect(nulled.valueFrom == nil)
        #expect(MemoryLayout<Container.EnvVar>.size < 64)
    }
}
