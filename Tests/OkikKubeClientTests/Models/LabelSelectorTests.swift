import Foundation
import OkikKubeClient
import Testing

@Suite("LabelSelector")
struct LabelSelectorTests {
    let selector = LabelSelector(
        matchLabels: ["app": "web"],
        matchExpressions: [
            .init(key: "tier", operator: .in, values: ["b", "a"]),
            .init(key: "legacy", operator: .doesNotExist),
        ])

    @Test func rendersSortedSelectorString() {
        #expect(selector.selectorString == "app=web,!legacy,tier in (a,b)")
        let other = LabelSelector(
            matchLabels: ["z": "1", "a": "2"],
            matchExpressions: [
                .init(key: "env", operator: .notIn, values: ["dev"]),
                .init(key: "canary", operator: .exists),
            ])
        #expect(other.selectorString == "a=2,canary,env notin (dev),z=1")
        #expect(LabelSelector().selectorString == "")
    }

    @Test func matches() {
        #expect(selector.matches(["app": "web", "tier": "a"]))
        #expect(selector.matches(["app": "web", "tier": "b", "extra": "x"]))
        #expect(!selector.matches(["app": "web", "tier": "c"]))
        #expect(!selector.matches(["app": "web"]))
        #expect(!selector.matches(["app": "api", "tier": "a"]))
        #expect(!selector.matches(["app": "web", "tier": "a", "legacy": "true"]))

        let notIn = LabelSelector(matchExpressions: [.init(key: "env", operator: .notIn, values: ["dev"])])
        #expect(notIn.matches([:]))
        #expect(notIn.matches(["env": "prod"]))
        #expect(!notIn.matches(["env": "dev"]))

        let exists = LabelSelector(matchExpressions: [.init(key: "canary", operator: .exists)])
        #expect(exists.matches(["canary": ""]))
        #expect(!exists.matches([:]))
    }

    @Test func emptySelectorMatchesEverything() {
        #expect(LabelSelector().isEmpty)
        #expect(LabelSelector().matches([:]))
        #expect(LabelSelector(matchLabels: [:], matchExpressions: []).matches(["a": "b"]))
    }

    @Test func unknownOperatorDecodesAndNeverMatches() throws {
        let json = Data(#"{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}"#.utf8)
        let decoded = try JSONDecoder().decode(LabelSelector.self, from: json)
        #expect(decoded.matchExpressions?.first?.operator?.rawValue == "Gt")
        #expect(!decoded.matches(["a": "2"]))
    }

    @Test func codableRoundTrip() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(selector)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""operator":"In""#))
        #expect(text.contains(#""operator":"DoesNotExist""#))
        #expect(try JSONDecoder().decode(LabelSelector.self, from: data) == selector)
    }
}
