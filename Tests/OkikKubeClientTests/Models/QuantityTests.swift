import Foundation
import OkikKubeClient
import Testing

@Suite("Quantity")
struct QuantityTests {
    /// One parsing case: the input, Kubernetes' canonical `String()` and the exact value as a plain decimal.
    struct Case: Sendable, CustomTestStringConvertible {
        let input: String
        let canonical: String
        let exact: String
        var testDescription: String { "\"\(input)\" → \"\(canonical)\"" }
    }

    static let cases: [Case] = [
        // The forms of the brief.
        Case(input: "100m", canonical: "100m", exact: "0.1"),
        Case(input: "1.5Gi", canonical: "1536Mi", exact: "1610612736"),
        Case(input: "1e3", canonical: "1e3", exact: "1000"),
        Case(input: "12E-3", canonical: "12e-3", exact: "0.012"),
        Case(input: "12345n", canonical: "12345n", exact: "0.000012345"),
        Case(input: "500Ki", canonical: "500Ki", exact: "512000"),
        Case(input: "0.5", canonical: "500m", exact: "0.5"),
        Case(input: "+1", canonical: "1", exact: "1"),
        Case(input: "-2", canonical: "-2", exact: "-2"),
        Case(input: ".5", canonical: "500m", exact: "0.5"),
        Case(input: "5.", canonical: "5", exact: "5"),
        Case(input: "1u", canonical: "1u", exact: "0.000001"),
        Case(input: "1000m", canonical: "1", exact: "1"),
        Case(input: "1024Ki", canonical: "1Mi", exact: "1048576"),
        Case(input: "100M", canonical: "100M", exact: "100000000"),
        // Zero in every family.
        Case(input: "0", canonical: "0", exact: "0"),
        Case(input: "0Mi", canonical: "0", exact: "0"),
        Case(input: "-0", canonical: "0", exact: "0"),
        Case(input: "0.000m", canonical: "0", exact: "0"),
        // Binary SI: the largest suffix that fits, decimal below 1024 or with a fraction.
        Case(input: "1Ki", canonical: "1Ki", exact: "1024"),
        Case(input: "1024Mi", canonical: "1Gi", exact: "1073741824"),
        Case(input: "0.5Mi", canonical: "512Ki", exact: "524288"),
        Case(input: "0.5Ki", canonical: "512", exact: "512"),
        Case(input: "1.1Ki", canonical: "1126400m", exact: "1126.4"),
        Case(input: "1023Ki", canonical: "1023Ki", exact: "1047552"),
        Case(input: "10Ti", canonical: "10Ti", exact: "10995116277760"),
        Case(input: "7Ei", canonical: "7Ei", exact: "8070450532247928832"),
        Case(input: "-1Gi", canonical: "-1Gi", exact: "-1073741824"),
        Case(input: "65536Ki", canonical: "64Mi", exact: "67108864"),
        Case(input: "732212Ki", canonical: "732212Ki", exact: "749785088"),
        Case(input: ".001Ki", canonical: "1024m", exact: "1.024"),
        Case(input: ".000001Ki", canonical: "1024u", exact: "0.001024"),
        Case(input: ".000000001Ki", canonical: "1024n", exact: "0.000001024"),
        // Binary values are capped at 2^63-1, as Kubernetes does.
        Case(input: "8Ei", canonical: "9223372036854775807", exact: "9223372036854775807"),
        Case(input: "9223372036854775807Ki", canonical: "9223372036854775807", exact: "9223372036854775807"),
        // Decimal SI.
        Case(input: "1000M", canonical: "1G", exact: "1000000000"),
        Case(input: "1.5", canonical: "1500m", exact: "1.5"),
        Case(input: "1.2345", canonical: "1234500u", exact: "1.2345"),
        Case(input: "100.035k", canonical: "100035", exact: "100035"),
        Case(input: "0.0005k", canonical: "500m", exact: "0.5"),
        Case(input: "2.5P", canonical: "2500T", exact: "2500000000000000"),
        Case(input: "1E", canonical: "1E", exact: "1000000000000000000"),
        Case(input: "12E", canonical: "12E", exact: "12000000000000000000"),
        Case(input: "1000E", canonical: "1e21", exact: "1000000000000000000000"),
        Case(input: "487558164n", canonical: "487558164n", exact: "0.487558164"),
        Case(input: "-100m", canonical: "-100m", exact: "-0.1"),
        Case(input: "0001", canonical: "1", exact: "1"),
        Case(input: "1.G", canonical: "1G", exact: "1000000000"),
        Case(input: "1080m", canonical: "1080m", exact: "1.08"),
        // Decimal exponent.
        Case(input: "1.3E+6", canonical: "1300e3", exact: "1300000"),
        Case(input: "1.5e3", canonical: "1500", exact: "1500"),
        Case(input: "1e0", canonical: "1", exact: "1"),
        Case(input: "0.5e0", canonical: "500e-3", exact: "0.5"),
        Case(input: "1e+3", canonical: "1e3", exact: "1000"),
        Case(input: "1e-9", canonical: "1e-9", exact: "0.000000001"),
        Case(input: "300e6", canonical: "300e6", exact: "300000000"),
        // Finer than nano rounds up, away from zero.
        Case(input: "3.001n", canonical: "4n", exact: "0.000000004"),
        Case(input: "0.9n", canonical: "1n", exact: "0.000000001"),
        Case(input: "0.00000012345", canonical: "124n", exact: "0.000000124"),
        Case(input: "0.5e-9", canonical: "1e-9", exact: "0.000000001"),
        Case(input: ".000000000001Ki", canonical: "2n", exact: "0.000000002"),
        Case(input: "-0.1n", canonical: "-1n", exact: "-0.000000001"),
        Case(input: "1e-30", canonical: "1e-9", exact: "0.000000001"),
    ]

    @Test("parses and formats canonically", arguments: cases)
    func parseAndFormat(_ item: Case) throws {
        let quantity = try Quantity(item.input)
        #expect(quantity.description == item.canonical)
        #expect(quantity.exactDecimalString == item.exact)
    }

    @Test("canonical text parses back to the same value and text", arguments: cases)
    func roundTrip(_ item: Case) throws {
        let quantity = try Quantity(item.input)
        let reparsed = try Quantity(quantity.canonical)
        #expect(reparsed == quantity)
        #expect(reparsed.canonical == quantity.canonical)
        let json = try JSONEncoder().encode(quantity)
        #expect(String(decoding: json, as: UTF8.self) == "\"\(item.canonical)\"")
        #expect(try JSONDecoder().decode(Quantity.self, from: json) == quantity)
    }

    @Test(
        "rejects invalid text, naming it",
        arguments: [
            "", "1K", "1mi", "abc", "1.2.3", "1.1.M", "1+1.0M", "0.1am", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ",
            "+", "-", ".", "1e", "e3", "Ki", "1KiB", "1Mi5", "1e3.5", "--1", "1 Gi", "1k1", "1E+", "0x10", "1e99",
            "1234567890123456789012345678901234567890",
        ])
    func invalid(_ text: String) {
        #expect(throws: QuantityError.self) { try Quantity(text) }
        do throws(QuantityError) {
            _ = try Quantity(text)
        } catch {
            #expect(error.text == text)
            #expect(error.description.contains("\"\(text)\""))
        }
    }

    @Test func errorKinds() {
        #expect(throws: QuantityError.invalidSuffix("1K")) { try Quantity("1K") }
        #expect(throws: QuantityError.invalidNumber("abc")) { try Quantity("abc") }
        #expect(throws: QuantityError.empty()) { try Quantity("") }
        #expect(throws: QuantityError.outOfRange("1e99")) { try Quantity("1e99") }
    }

    @Test func arithmetic() throws {
        #expect((try Quantity("100m") + Quantity("1.5")).description == "1600m")
        #expect((try Quantity("1Gi") + Quantity("512Mi")).description == "1536Mi")
        #expect((try Quantity("1Gi") - Quantity("2Gi")).description == "-1Gi")
        #expect((try Quantity("250m") * 4).description == "1")
        #expect((3 * (try Quantity("1Gi"))).description == "3Gi")
        #expect((try Quantity("-250m") * -2).description == "500m")
        #expect((try Quantity("1Gi") + Quantity("100m")).description == "1073741824100m")
        #expect((try Quantity("1") - Quantity("1")).description == "0")
        #expect((-(try Quantity("5Mi"))).description == "-5Mi")
        #expect((try Quantity("-5Mi")).magnitude.description == "5Mi")

        // A zero left operand takes the right one's format, as in Kubernetes.
        #expect((Quantity.zero + (try Quantity("1Gi"))).description == "1Gi")
        #expect((Quantity.zero - (try Quantity("1Gi"))).description == "-1Gi")
        #expect(((try Quantity("100m")) + .zero).description == "100m")

        var total = Quantity.zero
        total += try Quantity("12345678n")
        total += try Quantity("1500u")
        #expect(total.description == "13845678n")
        total -= try Quantity("13845678n")
        #expect(total.isZero)

        let sum = try ["100m", "200m", "0.7"].map { try Quantity($0) }.sum()
        #expect(sum == (try Quantity("1")))
        #expect(sum.description == "1")
        #expect(try Quantity("10Mi").formatted(as: .decimalExponent).description == "10485760")
        #expect(try Quantity("1M").formatted(as: .decimalExponent).description == "1e6")
    }

    @Test func comparisonAcrossFormats() throws {
        #expect(try Quantity("1Ki") == Quantity("1024"))
        #expect(try Quantity("1e3") == Quantity("1k"))
        #expect(try Quantity("1000m") == Quantity("1"))
        #expect(try Quantity("0.5") == Quantity("500m"))
        #expect(try Quantity("1Gi") > Quantity("1G"))
        #expect(try Quantity("10000T") > Quantity("100Gi"))
        #expect(try Quantity("0.5") < Quantity("501m"))
        #expect(try Quantity("-1") < Quantity("0"))
        #expect(try Quantity("-2") < Quantity("-1"))
        #expect(try Quantity("-1Ki") < Quantity("-1000"))
        #expect(try Quantity("1n") > .zero)
        let set: Set<Quantity> = [try Quantity("1Ki"), try Quantity("1024"), try Quantity("1.024k")]
        #expect(set.count == 1)
        let sorted = try ["1Gi", "100m", "-1", "1e3", "2"].map { try Quantity($0) }.sorted().map(\.description)
        #expect(sorted == ["-1", "100m", "2", "1e3", "1Gi"])
    }

    @Test func conversions() throws {
        #expect(try Quantity("250m").cores == 0.25)
        #expect(try Quantity("1.5").doubleValue == 1.5)
        #expect(try Quantity("-2Ki").doubleValue == -2048)
        #expect(try Quantity("100m").millicores == 100)
        #expect(try Quantity("0.1m").millicores == 1)
        #expect(try Quantity("12345678n").millicores == 13)
        #expect(try Quantity("2").millicores == 2000)
        #expect(try Quantity("-0.1m").millicores == -1)
        #expect(try Quantity("1Ki").bytes == 1024)
        #expect(try Quantity("1.5Gi").bytes == 1_610_612_736)
        #expect(try Quantity("0.5").bytes == 1)
        #expect(try Quantity("8Ei").bytes == Int64.max)
        #expect(try Quantity("1e29").bytes == Int64.max)
        #expect(try Quantity("-1e29").integerValue == Int64.min)
        #expect(try Quantity("12345n").nanoValue == 12345)
        #expect(try Quantity("-3").nanoValue == -3_000_000_000)
        #expect(try Quantity("1e20").nanoValue == nil)
        #expect(try Quantity("-1Gi").signum == -1)
        #expect(Quantity.zero.signum == 0)
    }

    @Test func constructors() {
        #expect(Quantity(millicores: 250).description == "250m")
        #expect(Quantity(millicores: 2000).description == "2")
        #expect(Quantity(millicores: -1).description == "-1m")
        #expect(Quantity(bytes: 1_048_576).description == "1Mi")
        #expect(Quantity(bytes: 1536).description == "1536")
        #expect(Quantity(bytes: 1000).description == "1k")
        #expect(Quantity(bytes: 1_610_612_736).description == "1536Mi")
        #expect(Quantity(integer: 1_234_000).description == "1234k")
        #expect(Quantity(integer: 1_000_000, format: .decimalExponent).description == "1e6")
        #expect(Quantity(integer: Int64.min).exactDecimalString == "-9223372036854775808")
        #expect(Quantity(bytes: 1024).format == .binarySI)
    }

    @Test func formatIsKept() throws {
        #expect(try Quantity("1Ki").format == .binarySI)
        #expect(try Quantity("1k").format == .decimalSI)
        #expect(try Quantity("1e3").format == .decimalExponent)
        // Binary below one unit switches to decimal SI when parsed.
        #expect(try Quantity(".000000000001Ki").format == .decimalSI)
    }

    @Test func codableAcceptsNumbersAndSpaces() throws {
        let json = Data(#"{"a": "100m", "b": 1, "c": 0.5, "d": " 2 ", "e": -3, "f": 1e-05}"#.utf8)
        let decoded = try JSONDecoder().decode([String: Quantity].self, from: json)
        #expect(decoded["a"]?.description == "100m")
        #expect(decoded["b"]?.description == "1")
        #expect(decoded["c"]?.description == "500m")
        #expect(decoded["d"]?.description == "2")
        #expect(decoded["e"]?.description == "-3")
        #expect(decoded["f"]?.description == "10e-6")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(decoded), as: UTF8.self)
        #expect(encoded == #"{"a":"100m","b":"1","c":"500m","d":"2","e":"-3","f":"10e-6"}"#)

        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: Quantity].self, from: Data(#"{"a": "1K"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: Quantity].self, from: Data(#"{"a": true}"#.utf8))
        }
    }
}
