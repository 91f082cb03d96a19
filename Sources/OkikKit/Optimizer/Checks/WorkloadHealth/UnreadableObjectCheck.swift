import OkikKubeClient

/// OKK-509: objects the client could not decode. The snapshot leaves them out (one odd object must not cost the whole
/// scan), so no other check sees them; this check says so, naming each one, the field and the reason.
public struct UnreadableObjectCheck: Check {
    /// `unreadable-objects`.
    public let id = "unreadable-objects"
    /// Workload health.
    public let category = OptimizationCategory.workloadHealth
    /// OKK-509.
    public let codes = [FindingCode.objectUnreadable]
    /// Creates the check.
    public init() {}

    /// One finding per object in ``ClusterSnapshot/unreadableObjects``.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for object in snapshot.unreadableObjects {
            let ref = ResourceRef(kind: object.kind, namespace: object.namespace, name: object.name ?? "items[\(object.index)]")
            subjects.append(ref)
            findings.append(
                Finding(
                    code: .objectUnreadable, subject: ref,
                    message: "object could not be read: \(object.objectDescription): \(object.path): \(object.reason)",
                    evidence: ["field": object.path, "reason": object.reason],
                    recommendation: "Every check skipped this object. Correct the field (kubectl edit \(ref.kubectlName)) if its value is wrong; if the cluster accepts it as valid, OKIK's model of \(object.kind) is too strict: report it."))
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
