/// OKK-203 and OKK-204: containers that cannot start because their image cannot be pulled
/// (ErrImagePull, ImagePullBackOff, InvalidImageName) or their configuration is broken (CreateContainerConfigError).
public struct ContainerStartCheck: Check {
    /// `container-start`.
    public let id = "container-start"
    /// Availability & health.
    public let category = OptimizationCategory.availability
    /// OKK-203, OKK-204.
    public let codes = [FindingCode.imagePullFailure, .containerConfigError]
    /// Creates the check.
    public init() {}

    static let pullReasons: Set = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"]
    static let configReasons: Set = ["CreateContainerConfigError", "CreateContainerError"]

    /// Reads each container's waiting reason, per workload container.
    public func evaluate(_ snapshot: ClusterSnapshot, context: CheckContext) -> CheckResult {
        var subjects: [ResourceRef] = []
        var findings: [Finding] = []
        for workload in snapshot.workloads {
            let pods = workload.livePods(in: snapshot)
            subjects.append(workload.ref)
            for container in workload.containers {
                var pulls: [(reason: String, message: String?)] = []
                var configs: [(reason: String, message: String?)] = []
                for pod in pods {
                    guard let waiting = pod.containerStatuses.first(where: { $0.name == container.name })?.state?.waiting,
                        let reason = waiting.reason
                    else { continue }
                    if Self.pullReasons.contains(reason) { pulls.append((reason, waiting.message)) }
                    if Self.configReasons.contains(reason) { configs.append((reason, waiting.message)) }
                }
                if let first = pulls.first {
                    let image = pods.lazy.compactMap { $0.spec?.containers?.first(where: { $0.name == container.name })?.image }
                        .first ?? "?"
                    findings.append(
                        Finding(
                            code: .imagePullFailure, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) cannot pull image \(image) (\(first.reason)) in \(pulls.count) of \(pods.count) pods",
                            evidence: ["image": image, "reason": first.reason, "kubelet": first.message ?? "", "pods": "\(pulls.count) of \(pods.count)"],
                            recommendation: "Check the image name and tag, that it exists in the registry, and the pull secret."))
                }
                if let first = configs.first {
                    findings.append(
                        Finding(
                            code: .containerConfigError, subject: workload.ref, container: container.name,
                            message: "\(workload.ref) container \(container.name) cannot be created: \(first.message ?? first.reason)",
                            evidence: ["reason": first.reason, "kubelet": first.message ?? "", "pods": "\(configs.count) of \(pods.count)"],
                            recommendation: "Create the ConfigMap or Secret (and key) the container references, or fix the reference."))
                }
            }
        }
        return CheckResult(subjects: subjects, findings: findings)
    }
}
