import OkikKubeClient

/// The lookups a snapshot computes once: owners, pods per owner and node, metrics by pod, events by object, and
/// workload figures.
final class SnapshotIndex: Sendable {
    let podsByOwner: [ResourceRef: [Int]]
    let podsByNode: [String: [Int]]
    let nodeLoads: [String: NodeLoad]
    let podMetrics: [String: PodMetrics]
    let nodeMetrics: [String: NodeMetrics]
    let eventsByObject: [ResourceRef: [Int]]
    let workloads: [WorkloadFigures]
    let workloadsByRef: [ResourceRef: WorkloadFigures]
    let deploymentsByRef: [ResourceRef: Int]
    let replicaSetsByDeployment: [ResourceRef: [Int]]
    private let replicaSetOwners: [String: String]
    private let jobOwners: [String: String]

    static func key(_ namespace: String?, _ name: String) -> String { "\(namespace ?? "")/\(name)" }

    init(
        pods: [Pod], replicaSets: [ReplicaSet], jobs: [Job], deployments: [Deployment], statefulSets: [StatefulSet],
        daemonSets: [DaemonSet], cronJobs: [CronJob], events: [Event], metrics: MetricsSnapshot
    ) {
        var replicaSetOwners: [String: String] = [:]
        var replicaSetsByDeployment: [ResourceRef: [Int]] = [:]
        for (offset, replicaSet) in replicaSets.enumerated() {
            if let owner = replicaSet.metadata.controllerReference, owner.kind == "Deployment" {
                replicaSetOwners[Self.key(replicaSet.metadata.namespace, replicaSet.name)] = owner.name
                replicaSetsByDeployment[
                    ResourceRef(kind: "Deployment", namespace: replicaSet.metadata.namespace, name: owner.name), default: []
                ].append(offset)
            }
        }
        self.replicaSetsByDeployment = replicaSetsByDeployment
        var deploymentsByRef: [ResourceRef: Int] = [:]
        for (offset, deployment) in deployments.enumerated() { deploymentsByRef[ResourceRef(deployment)] = offset }
        self.deploymentsByRef = deploymentsByRef
        var jobOwners: [String: String] = [:]
        for job in jobs {
            if let owner = job.metadata.controllerReference, owner.kind == "CronJob" {
                jobOwners[Self.key(job.metadata.namespace, job.name)] = owner.name
            }
        }
        self.replicaSetOwners = replicaSetOwners
        self.jobOwners = jobOwners

        var podMetrics: [String: PodMetrics] = [:]
        var nodeMetrics: [String: NodeMetrics] = [:]
        if case .available(let podList, let nodeList) = metrics {
            podMetrics.reserveCapacity(podList.count)
            for sample in podList { podMetrics[Self.key(sample.metadata.namespace, sample.name)] = sample }
            for sample in nodeList { nodeMetrics[sample.name] = sample }
        }
        self.podMetrics = podMetrics
        self.nodeMetrics = nodeMetrics

        var podsByOwner: [ResourceRef: [Int]] = [:]
        var podsByNode: [String: [Int]] = [:]
        for offset in pods.indices {
            let owner = Self.owner(of: pods[offset], replicaSetOwners: replicaSetOwners, jobOwners: jobOwners)
            podsByOwner[owner, default: []].append(offset)
            if let node = pods[offset].spec?.nodeName { podsByNode[node, default: []].append(offset) }
        }
        self.podsByOwner = podsByOwner
        self.podsByNode = podsByNode
        self.nodeLoads = NodeLoad.byNode(pods)

        var eventsByObject: [ResourceRef: [Int]] = [:]
        for (offset, event) in events.enumerated() {
            guard let object = event.involvedObject, let kind = object.kind, let name = object.name else { continue }
            eventsByObject[ResourceRef(kind: kind, namespace: object.namespace, name: name), default: []].append(offset)
        }
        self.eventsByObject = eventsByObject

        var templates: [ResourceRef: PodSpec] = [:]
        for item in deployments { templates[ResourceRef(item)] = item.spec?.template?.spec }
        for item in statefulSets { templates[ResourceRef(item)] = item.spec?.template?.spec }
        for item in daemonSets { templates[ResourceRef(item)] = item.spec?.template?.spec }
        for item in cronJobs { templates[ResourceRef(item)] = item.spec?.jobTemplate?.spec?.template?.spec }
        for item in jobs where item.metadata.controllerReference?.kind != "CronJob" {
            templates[ResourceRef(item)] = item.spec?.template?.spec
        }
        var workloads: [WorkloadFigures] = []
        for ref in Set(templates.keys).union(podsByOwner.keys).sorted() {
            let indexes = podsByOwner[ref] ?? []
            let spec = templates[ref] ?? indexes.first.flatMap { pods[$0].spec }
            var containers = (spec?.containers ?? []).map(ContainerFigures.init)
            for (position, container) in containers.enumerated() {
                var cpu: Int64?
                var memory: Int64?
                var sampled = 0
                for podIndex in indexes {
                    guard let sample = podMetrics[Self.key(pods[podIndex].metadata.namespace, pods[podIndex].name)],
                        let usage = sample.containers?.first(where: { $0.name == container.name })?.usage
                    else { continue }
                    sampled += 1
                    if let value = usage["cpu"]?.millicores { cpu = max(cpu ?? 0, value) }
                    if let value = usage["memory"]?.bytes { memory = max(memory ?? 0, value) }
                }
                containers[position].cpuUsage = cpu
                containers[position].memoryUsage = memory
                containers[position].sampledPods = sampled
            }
            workloads.append(WorkloadFigures(ref: ref, podIndexes: indexes, containers: containers))
        }
        self.workloads = workloads
        self.workloadsByRef = Dictionary(workloads.map { ($0.ref, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func owner(of pod: Pod) -> ResourceRef {
        Self.owner(of: pod, replicaSetOwners: replicaSetOwners, jobOwners: jobOwners)
    }

    private static func owner(of pod: Pod, replicaSetOwners: [String: String], jobOwners: [String: String]) -> ResourceRef {
        ResourceRef.workload(of: pod) { kind, name in
            (kind == "ReplicaSet" ? replicaSetOwners : jobOwners)[key(pod.metadata.namespace, name)]
        }
    }
}
