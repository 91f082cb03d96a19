/// A pod template, as workloads (Deployment, Job, ...) embed it.
public struct PodTemplateSpec: Codable, Sendable, Hashable {
    /// Metadata of the pods created from the template.
    public var metadata: ObjectMeta?
    /// Spec of the pods created from the template.
    public var spec: PodSpec?

    /// Creates a value; every field is optional.
    public init(
        metadata: ObjectMeta? = nil,
        spec: PodSpec? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
    }
}
