extension FindingCode {
    /// The catalogue as Markdown, one table per category: the text of Docs/FindingCodes.md (a test keeps the file
    /// equal to this).
    /// - Parameter checks: The checks whose ids are listed against the codes they report.
    public static func catalogueMarkdown(checks: [any Check] = CheckRegistry.builtIn) -> String {
        var lines = [
            "# Finding codes",
            "",
            "Every finding of `okikctl optimise` carries a stable code, `OKK-<id>`. Ids are grouped by hundreds per",
            "category and never reused; custom checks use 900 and above. The severity shown is the usual one; a finding",
            "may differ and then says why in its evidence. This file is generated from",
            "`Sources/OkikKit/Optimizer/FindingCode+Catalogue.swift` by `FindingCodeCatalogueTests`; do not edit it by hand.",
            "",
        ]
        for category in OptimizationCategory.builtIn {
            lines.append("## \(category.title) (`\(category.id)`)")
            lines.append("")
            lines.append("| code | severity | title | check | meaning |")
            lines.append("| --- | --- | --- | --- | --- |")
            for code in catalogue where code.category == category {
                let check = checks.first { $0.codes.contains(code) }.map { "`\($0.id)`" } ?? ""
                lines.append("| \(code) | \(code.severity) | \(code.title) | \(check) | \(code.explanation) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
