/// A pod (`v1 Pod`): a group of containers scheduled together on one node.
public struct Pod: NamespacedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=Pod`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "Pod")
    /// The plural resource name used in URLs.
    public static let resourceName = "pods"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Desired state.
    public var spec: PodSpec?
    /// Observed state.
    public var status: PodStatus?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: PodSpec? = nil,
        status: PodStatus? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension Pod {
    /// The total restart count of all containers and init containers.
    public var restartCount: Int {
        let containers = status?.containerStatuses ?? []
        let initContainers = status?.initContainerStatuses ?? []
        return (containers + initContainers).reduce(0) { $0 + ($1.restartCount ?? 0) }
    }

    /// True when the `Ready` condition is `True`.
    public var isReady: Bool { status?.conditions?.first(ofType: "Ready")?.isTrue ?? false }

    /// The status of the container with the given name, looking at containers then init containers.
    public func containerStatus(named name: String) -> ContainerStatus? {
        status?.containerStatuses?.first { $0.name == name }
            ?? status?.initContainerStatuses?.first { $0.name == name }
    }
}
