/// The documented, deterministic 0-100 score (see Docs/Optimizer.md for worked examples).
///
/// Per category: every subject the category's checks evaluated counts once, at its worst finding's severity
/// (``Severity/scoreWeight``: critical 1, high 0.75, medium 0.5, low 0.25, info 0; a subject without findings 0), and
/// `score = round(100 × (subjects − Σ weights) / subjects)`; a category that evaluated nothing scores 100. A category
/// with a critical finding is capped at ``criticalCap`` (F). Overall: the mean of the categories that evaluated
/// something, never better than the lowest cap of any category. Grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E ≥ 50, F below.
public enum HealthScore {
    /// The best score a category (and so the cluster) can have while it has a critical finding: 49, an F.
    public static let criticalCap = 49

    /// The score of one category from the subjects its checks evaluated and its findings.
    public static func score(subjects: Set<ResourceRef>, findings: [Finding]) -> Int {
        let worst = worstSeverity(findings)
        let total = subjects.union(worst.keys).count
        guard total > 0 else { return 100 }
        let penalty = worst.values.reduce(0.0) { $0 + $1.scoreWeight }
        let score = Int((100 * max(0, Double(total) - penalty) / Double(total)).rounded())
        return cap(findings).map { min(score, $0) } ?? score
    }

    /// The cap a category's findings put on its score (and the overall score): ``criticalCap`` when any is critical.
    public static func cap(_ findings: [Finding]) -> Int? {
        findings.contains { $0.severity == .critical } ? criticalCap : nil
    }

    /// The worst severity per subject.
    static func worstSeverity(_ findings: [Finding]) -> [ResourceRef: Severity] {
        var worst: [ResourceRef: Severity] = [:]
        for finding in findings where worst[finding.subject].map({ finding.severity > $0 }) ?? true {
            worst[finding.subject] = finding.severity
        }
        return worst
    }

    /// The overall score: the mean of the categories that evaluated something (100 when none did), never better than
    /// the lowest category cap.
    public static func overall(_ categories: [CategoryScore]) -> Int {
        let counted = categories.filter { $0.evaluated > 0 }
        let mean = counted.isEmpty ? 100 : Int((Double(counted.reduce(0) { $0 + $1.score }) / Double(counted.count)).rounded())
        let lowestCap = categories.compactMap(\.cap).min()
        return lowestCap.map { min(mean, $0) } ?? mean
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
    /// Distinct subjects its checks evaluated (each counts once in the score).
    public var evaluated: Int
    /// The cap its findings put on its score and the overall score (49 with a critical finding), if any.
    public var cap: Int?
    /// Findings per severity (only severities that occur).
    public var findings: [String: Int]
    /// Checks that did not run, with why ("node-underuse: skipped: no metrics").
    public var skipped: [String]

    /// Creates a category result.
    public init(
        category: OptimizationCategory, title: String, score: Int, grade: String, evaluated: Int, cap: Int?,
        findings: [String: Int], skipped: [String]
    ) {
        self.category = category
        self.title = title
        self.score = score
        self.grade = grade
        self.evaluated = evaluated
        self.cap = cap
        self.findings = findings
        self.skipped = skipped
    }
}
