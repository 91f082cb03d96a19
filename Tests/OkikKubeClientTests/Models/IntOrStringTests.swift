import Foundation
import OkikKubeClient
import Testing

@Suite("IntOrString")
struct IntOrStringTests {
    @Test func decodesBothForms() throws {
        let json = Data(#"[5, "25%", "http"]"#.utf8)
        let values = try JSONDecoder().decode([IntOrString].self, from: json)
        #expect(values == [.int(5), .string("25%"), .string("http")])
        #expect(String(decoding: try JSONEncoder().encode(values), as: UTF8.self) == #"[5,"25%","http"]"#)
    }

    @Test func literalsAndAccessors() {
        let count: IntOrString = 3
        let percent: IntOrString = "25%"
        #expect(count.intValue == 3)
        #expect(count.stringValue == nil)
        #expect(percent.stringValue == "25%")
        #expect(percent.percentage == 25)
        #expect(IntOrString.string("http").percentage == nil)
        #expect(percent.description == "25%")
        #expect(count.description == "3")
    }

    struct Scaling: Sendable {
        let value: IntOrString
        let total: Int
        let roundingUp: Bool
        let expected: Int?
    }

    @Test(
        "resolves against a total",
        arguments: [
            Scaling(value: "25%", total: 10, roundingUp: true, expected: 3),
            Scaling(value: "25%", total: 10, roundingUp: false, expected: 2),
            Scaling(value: "50%", total: 10, roundingUp: true, expected: 5),
            Scaling(value: "50%", total: 10, roundingUp: false, expected: 5),
            Scaling(value: "100%", total: 7, roundingUp: false, expected: 7),
            Scaling(value: "0%", total: 7, roundingUp: true, expected: 0),
            Scaling(value: "33%", total: 3, roundingUp: true, expected: 1),
            Scaling(value: "33%", total: 3, roundingUp: false, expected: 0),
            Scaling(value: "-25%", total: 10, roundingUp: true, expected: -2),
            Scaling(value: "-25%", total: 10, roundingUp: false, expected: -3),
            Scaling(value: 4, total: 10, roundingUp: true, expected: 4),
            Scaling(value: "http", total: 10, roundingUp: true, expected: nil),
            Scaling(value: "5", total: 10, roundingUp: true, expected: nil),
            Scaling(value: "x%", total: 10, roundingUp: true, expected: nil),
        ])
    func scaled(_ item: Scaling) {
        #expect(item.value.scaledValue(total: item.total, roundingUp: item.roundingUp) == item.expected)
    }
}
