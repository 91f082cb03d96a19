/// Findings of one code and severity, summarised for people: how many, and a few examples. A 60,000-pod cluster can
/// have thousands of findings; a table lists groups, while JSON keeps every finding.
public struct FindingGroup: Sendable, Hashable {
    /// The code.
    public var code: FindingCode
    /// The severity shared by the group's findings.
    public var severity: Severity
    /// How many findings the group holds.
    public var count: Int
    /// The first findings in report order.
    public var examples: [Finding]
}

extension OptimizationReport {
    /// The findings grouped by severity and code, in report order, each group with up to `examples` findings.
    public func groupedFindings(examples: Int = 3) -> [FindingGroup] {
        var groups: [FindingGroup] = []
        var positions: [String: Int] = [:]
        for finding in findings {
            let key = "\(finding.severity.rawValue)/\(finding.code.id)"
            if let position = positions[key] {
                groups[position].count += 1
                if groups[position].examples.count < examples { groups[position].examples.append(finding) }
            } else {
                positions[key] = groups.count
                groups.append(
                    FindingGroup(
                        code: finding.code, severity: finding.severity, count: 1, examples: examples > 0 ? [finding] : []))
            }
        }
        return groups
    }
}
