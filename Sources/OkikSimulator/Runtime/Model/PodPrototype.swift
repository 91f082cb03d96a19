/// A controller's pod template decoded once (containers, profiles, scheduling inputs), shared by reference by the
/// controller and its ReplicaSets so that creating a pod neither decodes nor looks up the template.
final class PodPrototype: Sendable {
    /// The pod every pod of the template starts from.
    let pod: SimPod

    init(_ pod: SimPod) {
        self.pod = pod
    }
}
