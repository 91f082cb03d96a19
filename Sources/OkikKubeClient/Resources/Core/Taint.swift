/// A node taint that repels pods which do not tolerate it.
public struct Taint: Codable, Sendable, Hashable {
    /// Taint key, such as `node.kubernetes.io/unschedulable`.
    public var key: String?
    /// Taint value.
    public var value: String?
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    public var effect: String?
    /// When a `NoExecute` taint was added.
    public var timeAdded: Timestamp?

    /// Creates a value; every field is optional.
    public init(
        key: String? = nil,
        value: String? = nil,
        effect: String? = nil,
        timeAdded: Timestamp? = nil
    ) {
        self.key = key
        self.value = value
        self.effect = effect
        self.timeAdded = timeAdded
    }
}
