import Foundation
import OkikKubeClient

/// The runtime's view of one node: what it offers, what is placed on it, and its simulated health.
struct SimNode: Sendable {
    /// The simulated health problems a node can have.
    enum Problem: String, Hashable, Sendable, CaseIterable {
        case notReady = "NotReady"
        case memoryPressure = "MemoryPressure"
        case diskPressure = "DiskPressure"
        case pidPressure = "PIDPressure"
    }

    var name: String
    var uid: String?
    var inStore = false
    var manifest: JSONValue?
    var labels: [String: String]
    /// Taints set by users (not the ones the node lifecycle controller manages).
    var userTaints: [Taint]
    var unschedulable: Bool
    var capacity: Resources
    var allocatable: Resources
    var podCapacity: Int
    var allocated = Resources.zero
    var podCount = 0
    var problems: Set<Problem> = []
    var conditions: [SimCondition] = []
    var images: Set<String> = []
    var internalIP: String
    var sequence: Int
    /// Whether the node's status has been filled in by the runtime.
    var initialized = false

    /// The taint a cordon adds (`kubectl cordon` sets `spec.unschedulable`).
    static let cordonTaint = Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")

    /// System taints plus user taints, as written to `spec.taints`.
    var taints: [Taint] {
        var result = userTaints
        if unschedulable { result.append(Self.cordonTaint) }
        if problems.contains(.notReady) {
            result.append(Taint(key: "node.kubernetes.io/unreachable", effect: "NoSchedule"))
            result.append(Taint(key: "node.kubernetes.io/unreachable", effect: "NoExecute"))
        }
        if problems.contains(.memoryPressure) {
            result.append(Taint(key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule"))
        }
        if problems.contains(.diskPressure) {
            result.append(Taint(key: "node.kubernetes.io/disk-pressure", effect: "NoSchedule"))
        }
        if problems.contains(.pidPressure) {
            result.append(Taint(key: "node.kubernetes.io/pid-pressure", effect: "NoSchedule"))
        }
        return result
    }

    var isReady: Bool { !problems.contains(.notReady) }

    /// Keys of the taints the runtime manages.
    static let systemTaintKeys: Set<String> = [
        "node.kubernetes.io/unschedulable", "node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready",
        "node.kubernetes.io/memory-pressure", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/pid-pressure",
    ]

    /// The annotation that sets simulated problems ("NotReady,MemoryPressure").
    static let problemAnnotation = "sim.okik.io/condition"

    /// Builds the runtime state from a node object; nodes without a status get an 8-CPU, 32 GiB, 110-pod shape.
    init(node: Node, sequence: Int) {
        name = node.metadata.name ?? ""
        uid = node.metadata.uid
        labels = node.metadata.labels ?? [:]
        userTaints = (node.spec?.taints ?? []).filter { !Self.systemTaintKeys.contains($0.key ?? "") }
        unschedulable = node.spec?.unschedulable ?? false
        let capacityList = node.status?.capacity
        capacity = Resources(capacityList)
        if capacity.cpu == 0 { capacity.cpu = 8000 }
        if capacity.memory == 0 { capacity.memory = 32 << 30 }
        let allocatableList = node.status?.allocatable
        allocatable = Resources(allocatableList)
        if allocatable.cpu == 0 { allocatable.cpu = capacity.cpu - min(capacity.cpu / 20, 200) }
        if allocatable.memory == 0 { allocatable.memory = capacity.memory - min(capacity.memory / 20, 1 << 30) }
        podCapacity = Int(allocatableList?["pods"]?.integerValue ?? capacityList?["pods"]?.integerValue ?? 110)
        self.sequence = sequence
        internalIP = node.status?.addresses?.first { $0.type == "InternalIP" }?.address
            ?? "10.0.\(sequence / 250).\(sequence % 250 + 2)"
        problems = Self.problems(from: node.metadata.annotations)
        let images = node.metadata.annotations?[ClusterRuntime.imagesAnnotation] ?? ""
        self.images = Set(images.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// Problems named by the node's `sim.okik.io/condition` annotation.
    static func problems(from annotations: [String: String]?) -> Set<Problem> {
        let text = annotations?[problemAnnotation] ?? ""
        return Set(text.split(separator: ",").compactMap {
            Problem(rawValue: $0.trimmingCharacters(in: .whitespaces))
        })
    }
}
