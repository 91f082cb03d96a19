import Foundation
import OkikYAML
import Testing

/// Alias bombs are refused before anything is expanded; ordinary YAML, anchors included, loads as with Yams.
@Suite("SafeYAML")
struct SafeYAMLTests {
    /// The classic "billion laughs": nine levels of nine aliases, about 700 bytes, 387 million scalars expanded.
    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    @Test func billionLaughsIsRefusedByEveryEntryPoint() throws {
        #expect(Self.billionLaughs.utf8.count < 800)
        #expect(throws: SafeYAMLError.aliasExpansions(limit: 10_000)) { try SafeYAML.load(Self.billionLaughs) }
        #expect(throws: SafeYAMLError.self) { try SafeYAML.loadAll(Self.billionLaughs) }
        #expect(throws: SafeYAMLError.self) { try SafeYAML.compose(Self.billionLaughs) }
        #expect(throws: SafeYAMLError.self) { try SafeYAML.composeAll(Self.billionLaughs) }
        #expect(throws: SafeYAMLError.self) { try SafeYAML.check(Self.billionLaughs) }
        let error = try #require(throws: SafeYAMLError.self) { try SafeYAML.load(Self.billionLaughs) }
        #expect(error.description.contains("10000 alias expansions"))
        #expect(error.description.contains("SafeYAML.Limits.maxAliasExpansions"))
    }

    /// Aliases used as mapping keys would be hashed whole while composing, in every spelling a key can take.
    @Test(arguments: [
        "*i : boom\n",
        "x: {*i : boom}\n",
        "x: {*i: boom}\n",
        "x: {*i:boom}\n",
        "x: [*i:boom]\n",
        "? *i\n: boom\n",
        "x: {<<: *i}\n",
    ])
    func aliasBombsInKeysAreRefused(_ tail: String) {
        #expect(throws: SafeYAMLError.self) { try SafeYAML.compose(Self.billionLaughs + tail) }
    }

    @Test func nodeLimitCountsWhatAliasesAdd() {
        // Few aliases, each repeating a large list.
        let list = "[" + Array(repeating: "1", count: 1_000).joined(separator: ",") + "]"
        let yaml = "a: &a \(list)\nb: [" + Array(repeating: "*a", count: 1_100).joined(separator: ",") + "]\n"
        #expect(throws: SafeYAMLError.expandedNodes(limit: 1_000_000)) { try SafeYAML.load(yaml) }
        let larger = SafeYAML.Limits(maxAliasExpansions: 10_000, maxExpandedNodes: 2_000_000)
        #expect(throws: Never.self) { try SafeYAML.check(yaml, limits: larger) }
    }

    @Test func limitsAreConfigurable() throws {
        let yaml = "base: &b {x: 1}\nitems: [" + Array(repeating: "*b", count: 11).joined(separator: ", ") + "]\n"
        #expect(throws: Never.self) { try SafeYAML.load(yaml) }
        #expect(throws: SafeYAMLError.aliasExpansions(limit: 10)) {
            try SafeYAML.load(yaml, limits: SafeYAML.Limits(maxAliasExpansions: 10))
        }
    }

    @Test func ordinaryAnchorsAndMergeKeysStillLoad() throws {
        let yaml = """
            defaults: &defaults {cpu: 100m, memory: 128Mi}
            web:
              <<: *defaults
              memory: 256Mi
            list: [*defaults, *defaults]
            """
        let loaded = try #require(try SafeYAML.load(yaml) as? [String: Any])
        let web = try #require(loaded["web"] as? [String: Any])
        #expect(web["cpu"] as? String == "100m")
        #expect(web["memory"] as? String == "256Mi")
        #expect((loaded["list"] as? [Any])?.count == 2)
    }

    @Test func starsThatAreNotAliasesAreLeftAlone() throws {
        let yaml = """
            schedule: "*/5 * * * *"
            glob: "*-prod"
            single: '*.example.com *wild'
            plain: echo *foo *bar
            script: |
              ls *txt
              rm *-old
            # a comment with *alias
            okikaliasq0z: literal
            """
        let loaded = try #require(try SafeYAML.load(yaml) as? [String: Any])
        #expect(loaded["schedule"] as? String == "*/5 * * * *")
        #expect(loaded["glob"] as? String == "*-prod")
        #expect(loaded["single"] as? String == "*.example.com *wild")
        #expect(loaded["plain"] as? String == "echo *foo *bar")
        #expect(loaded["script"] as? String == "ls *txt\nrm *-old\n")
        #expect(loaded["okikaliasq0z"] as? String == "literal")
    }

    @Test func anchorsCarryAcrossDocumentsAsInYams() throws {
        let yaml = "a: &x {k: v}\n---\nb: *x\n"
        let documents = try SafeYAML.loadAll(yaml)
        #expect(documents.count == 2)
        let second = try #require(documents[1] as? [String: Any])
        #expect((second["b"] as? [String: Any])?["k"] as? String == "v")
        // compose takes a single document, like Yams.compose.
        #expect(throws: (any Error).self) { try SafeYAML.compose(yaml) }
        #expect(try SafeYAML.composeAll(yaml).count == 2)
    }

    /// libyaml stops at 1,000 levels; up to there, checking and composing (recursive) stay within a task's stack.
    @Test func deepNestingIsParsedOrRefusedWithoutCrashing() async throws {
        let depth = 990
        let nested = "a: &x 1\nb: " + String(repeating: "[", count: depth) + "*x" + String(repeating: "]", count: depth) + "\n"
        let first = try await Task { (try SafeYAML.load(nested) as? [String: Any])?["a"] as? Int }.value
        #expect(first == 1)
        let tooDeep = "b: " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "\n"
        let refused = await Task { (try? SafeYAML.load(tooDeep)) == nil }.value
        #expect(refused)
    }

    @Test func decodeChecksFirstThenDecodesLikeYAMLDecoder() throws {
        struct Settings: Decodable, Equatable {
            var name: String
            var sizes: [Int]
        }
        let yaml = "base: &b [1, 2]\nname: web\nsizes: *b\n"
        #expect(try SafeYAML.decode(Settings.self, from: yaml) == Settings(name: "web", sizes: [1, 2]))
        #expect(throws: SafeYAMLError.aliasExpansions(limit: 10_000)) {
            try SafeYAML.decode([String: [String]].self, from: Self.billionLaughs)
        }
        // Not YAML, with or without aliases: a DecodingError, as YAMLDecoder reports it.
        #expect(throws: DecodingError.self) { try SafeYAML.decode(Settings.self, from: "name: [1, 2\n") }
        #expect(throws: DecodingError.self) { try SafeYAML.decode(Settings.self, from: "a: &x [1\nsizes: *x\n") }
        #expect(throws: DecodingError.self) { try SafeYAML.decode(Settings.self, from: "name: 1\n") }
    }

    @Test func invalidYAMLIsStillAnError() {
        #expect(throws: (any Error).self) { try SafeYAML.load("a: [1, 2\n") }
        #expect(throws: (any Error).self) { try SafeYAML.load("a: *undefined\n") }
    }
}
