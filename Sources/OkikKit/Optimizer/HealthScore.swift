/// The documented, deterministic 0-100 score (see Docs/Optimizer.md).
///
/// Per category: every check reports how many subjects it evaluated; each finding takes its severity's weight
/// (``Severity/scoreWeight``: critical 1, high 0.75, medium 0.5, low 0.25, info 0) from that total, and
/// `score = round(100 × max(0, evaluated − Σ weights) / evaluated)`; a category that evaluated nothing scores 100.
/// Overall: the mean of the scores of the categories that evaluated something, rounded. Grades: A ≥ 90, B ≥ 80,
/// C ≥ 70, D ≥ 60, E ≥ 50, F below.
public enum HealthScore {
    /// The score of one category from its evaluated subjects and findings.
    public static func score(evaluated: Int, findings: [Finding]) -> Int {
        guard evaluated > 0 else { return 100 }
        let penalty = findings.reduce(0.0) { $0 + $1.severity.scoreWeight }
        let healthy = max(0, Double(evaluated) - penalty)
        return Int((100 * healthy / Double(evaluated)).rounded())
    }

    /// The overall score: the mean of the categories that evaluated something (100 when none did).
    public static func overall(_ categories: [CategoryScore]) -> Int {
        let counted = categories.filter { $0.evaluated > 0 }
        guard !counted.isEmpty else { return 100 }
        return Int((Double(counted.reduce(0) { $0 + $1.score }) / Double(counted.count)).rounded())
    }

    /// The letter grade of a score.
    public static func grade(_ score: Int) -> String {
        switch score {
        case 90...: "A"
        case 80..<90: "B"
        case 70..<80: "C"
        case 60..<70: "D"
        case 50..<60: "E"
        default: "F"
        }
    }
}

/// One category's result in a report.
public struct CategoryScore: Sendable, Hashable, Codable {
    /// The category.
    public var category: OptimizationCategory
    /// Its title.
    public var title: String
    /// 0-100.
    public var score: Int
    /// A-F.
    public var grade: String
    /// Subjects its checks evaluated.
    public var evaluated: Int
    /// Findings per severity (only severities that occur).
    public var findings: [String: Int]
    /// Checks that did not run, with why ("node-underuse: skipped: no metrics").
    public var skipped: [String]
}
