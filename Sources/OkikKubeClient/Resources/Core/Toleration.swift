/// A pod's toleration of node taints that match it.
public struct Toleration: Codable, Sendable, Hashable {
    /// Taint key the toleration applies to; empty matches all keys.
    public var key: String?
    /// `Exists` or `Equal` (the default).
    public var `operator`: String?
    /// Taint value to match with `Equal`.
    public var value: String?
    /// Taint effect to match: `NoSchedule`, `PreferNoSchedule` or `NoExecute`; empty matches all.
    public var effect: String?
    /// How long a `NoExecute` taint is tolerated before eviction.
    public var tolerationSeconds: Int?

    /// Creates a value; every field is optional.
    public init(
        key: String? = nil,
        operator: String? = nil,
        value: String? = nil,
        effect: String? = nil,
        tolerationSeconds: Int? = nil
    ) {
        self.key = key
        self.operator = `operator`
        self.value = value
        self.effect = effect
        self.tolerationSeconds = tolerationSeconds
    }
}
