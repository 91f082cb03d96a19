import Foundation
import OkikKit
import Testing

@Suite("Finding code catalogue")
struct FindingCodeCatalogueTests {
    @Test func idsAreUniqueAndGroupedByCategory() {
        let ids = FindingCode.catalogue.map(\.id)
        #expect(Set(ids).count == ids.count)
        for (offset, category) in OptimizationCategory.builtIn.enumerated() {
            let range = (offset + 1) * 100..<(offset + 2) * 100
            for code in FindingCode.catalogue where code.category == category {
                #expect(range.contains(code.id), "\(code) is outside \(category)'s hundreds")
            }
        }
    }

    @Test func everyCodeHasACheckAndEveryCheckItsCategory() {
        for code in FindingCode.catalogue {
            #expect(CheckRegistry.builtIn.contains { $0.codes.contains(code) }, "no check reports \(code)")
        }
        for check in CheckRegistry.builtIn {
            #expect(check.codes.allSatisfy { $0.category == check.category }, "\(check.id) reports another category")
        }
        #expect(Set(CheckRegistry.ids).count == CheckRegistry.ids.count)
        for category in OptimizationCategory.builtIn {
            #expect(CheckRegistry.builtIn.filter { $0.category == category }.count >= 4, "\(category) has few checks")
        }
    }

    @Test func codesRenderAndRoundTrip() throws {
        #expect(FindingCode.crashLoop.description == "OKK-201")
        let data = try JSONEncoder().encode([FindingCode.crashLoop, .overProvisioned])
        #expect(String(decoding: data, as: UTF8.self) == #"["OKK-201","OKK-101"]"#)
        #expect(try JSONDecoder().decode([FindingCode].self, from: data) == [.crashLoop, .overProvisioned])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([FindingCode].self, from: Data(#"["201"]"#.utf8)) }
    }

    /// Docs/FindingCodes.md is generated from the catalogue: when it differs, the test rewrites it and fails, so the
    /// change is seen and committed.
    @Test func documentationMatchesTheCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("Docs/FindingCodes.md")
        let expected = FindingCode.catalogueMarkdown()
        let current = try? String(contentsOf: file, encoding: .utf8)
        if current != expected {
            try expected.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(current == expected, "Docs/FindingCodes.md was stale and has been regenerated; commit it")
    }
}
