/// A reference by name to an object in the same namespace, such as an image pull secret.
public struct LocalObjectReference: Codable, Sendable, Hashable {
    /// Name of the referent.
    public var name: String?

    /// Creates a value; every field is optional.
    public init(
        name: String? = nil
    ) {
        self.name = name
    }
}
