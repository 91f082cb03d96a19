import Foundation
import OkikKubeClient
import Testing

@Suite("Decoding typed models from a JSONValue tree")
struct JSONValueDecoderTests {
    /// Whether Foundation's `JSONDecoder` and the tree decoder give the same model.
    static func agree<R: Decodable & Equatable>(_ type: R.Type, _ data: Data) throws -> Bool {
        try JSONDecoder().decode(R.self, from: data) == JSONValue.decode(R.self, fromJSON: data)
    }

    @Test("gives the same model as JSONDecoder", arguments: Fixtures.typed)
    func agreesWithFoundation(_ fixture: Fixtures.Typed) throws {
        #expect(try Self.agree(fixture.type, Fixtures.data(fixture.path)))
    }

    /// The dotted coding path of a decoding error, with array indexes as numbers.
    private func path(of error: any Error) -> String? {
        let context: DecodingError.Context
        switch error as? DecodingError {
        case .typeMismatch(_, let found)?, .valueNotFound(_, let found)?, .dataCorrupted(let found)?: context = found
        case .keyNotFound(let key, let found)?: return (found.codingPath + [key]).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        default: return nil
        }
        return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    @Test("a field of the wrong type is named by its full path")
    func typeMismatchPath() throws {
        let json = #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"app"},{"name":7}]}}"#
        let error = try #require(throws: DecodingError.self) { try JSONValue.decode(Pod.self, fromJSON: Array(json.utf8)) }
        guard case .typeMismatch = error else { Issue.record("expected a type mismatch, got \(error)"); return }
        #expect(path(of: error) == "spec.containers.1.name")
    }

    @Test("a missing required key and a null where a value is required are told apart")
    func missingAndNull() throws {
        struct Required: Decodable { var name: String; var count: Int }
        let missing = try #require(throws: DecodingError.self) {
            try JSONValue.decode(Required.self, fromJSON: Array(#"{"name":"a"}"#.utf8))
        }
        guard case .keyNotFound(let key, _) = missing else { Issue.record("expected keyNotFound, got \(missing)"); return }
        #expect(key.stringValue == "count")
        let null = try #require(throws: DecodingError.self) {
            try JSONValue.decode(Required.self, fromJSON: Array(#"{"name":null,"count":1}"#.utf8))
        }
        guard case .valueNotFound = null else { Issue.record("expected valueNotFound, got \(null)"); return }
        #expect(path(of: null) == "name")
    }

    @Test("numbers: integral doubles fit integers, out-of-range values are refused, integers widen to doubles")
    func numbers() throws {
        struct Numbers: Decodable { var small: Int8?; var whole: Int?; var ratio: Double? }
        let parsed = try JSONValue.decode(Numbers.self, fromJSON: Array(#"{"small":12,"whole":3.0,"ratio":2}"#.utf8))
        #expect(parsed.small == 12 && parsed.whole == 3 && parsed.ratio == 2.0)
        let tooLarge = try #require(throws: DecodingError.self) {
            try JSONValue.decode(Numbers.self, fromJSON: Array(#"{"small":300}"#.utf8))
        }
        guard case .dataCorrupted(let context) = tooLarge else { Issue.record("expected dataCorrupted, got \(tooLarge)"); return }
        #expect(context.debugDescription == "Number 300 does not fit in Int8.")
        #expect(path(of: tooLarge) == "small")
        #expect(throws: DecodingError.self) { try JSONValue.decode(Numbers.self, fromJSON: Array(#"{"whole":2.5}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONValue.decode(Numbers.self, fromJSON: Array(#"{"whole":"3"}"#.utf8)) }
    }

    @Test("optionals, nested JSONValue fields, Data and URL follow JSONDecoder's defaults")
    func specialTypes() throws {
        struct Special: Decodable, Equatable {
            var note: String?
            var extra: JSONValue?
            var blob: Data?
            var link: URL?
            var tags: [String]?
        }
        let json = #"{"note":null,"extra":{"a":[1,true,null]},"blob":"aGk=","link":"https://example.com/x","tags":["a","b"]}"#
        let tree = try JSONValue.decode(Special.self, fromJSON: Array(json.utf8))
        #expect(tree == (try JSONDecoder().decode(Special.self, from: Data(json.utf8))))
        #expect(tree.extra == ["a": [1, true, nil]])
        #expect(tree.blob == Data("hi".utf8))
        #expect(tree.note == nil)
        #expect(throws: DecodingError.self) { try JSONValue.decode(Special.self, fromJSON: Array(#"{"blob":"%%%"}"#.utf8)) }
    }

    @Test("text that is not JSON is a parse error naming the byte")
    func notJSON() throws {
        let error = try #require(throws: JSONParseError.self) { try JSONValue.decode(Pod.self, fromJSON: Array(#"{"metadata":"#.utf8)) }
        #expect(error.offset == 12)
    }
}
