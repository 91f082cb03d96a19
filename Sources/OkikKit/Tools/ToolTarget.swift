/// One resource a tool call reads or changes, declared before it runs so guards can see it.
public struct ToolTarget: Sendable, Hashable, CustomStringConvertible {
    /// Where the resource lives.
    public enum Scope: Sendable, Hashable {
        /// In one namespace.
        case namespace(String)
        /// Cluster-scoped (Node, Namespace).
        case cluster
        /// Every namespace (a list, or a write that would span all of them).
        case allNamespaces
    }

    /// Where the resource lives.
    public var scope: Scope
    /// The kind, such as `Deployment`.
    public var kind: String
    /// The object's name; nil for a whole collection.
    public var name: String?

    /// Creates a target.
    public init(scope: Scope, kind: String, name: String? = nil) {
        self.scope = scope
        self.kind = kind
        self.name = name
    }

    /// A namespaced object or collection.
    public static func namespaced(_ kind: String, _ namespace: String, _ name: String? = nil) -> ToolTarget {
        ToolTarget(scope: .namespace(namespace), kind: kind, name: name)
    }

    /// A cluster-scoped object or collection.
    public static func cluster(_ kind: String, _ name: String? = nil) -> ToolTarget {
        ToolTarget(scope: .cluster, kind: kind, name: name)
    }

    /// A namespaced collection, optionally narrowed to one namespace (nil means all namespaces).
    public static func collection(_ kind: String, namespace: String?) -> ToolTarget {
        ToolTarget(scope: namespace.map { .namespace($0) } ?? .allNamespaces, kind: kind)
    }

    /// The namespace this target lives in, or, for a `Namespace` object, the namespace it is.
    public var namespace: String? {
        switch scope {
        case .namespace(let namespace): namespace
        case .cluster: kind == "Namespace" ? name : nil
        case .allNamespaces: nil
        }
    }

    /// `Deployment shop/web`, `Node node-1`, `Pod */*`.
    public var description: String {
        switch scope {
        case .namespace(let namespace): "\(kind) \(namespace)/\(name ?? "*")"
        case .cluster: "\(kind) \(name ?? "*")"
        case .allNamespaces: "\(kind) */\(name ?? "*")"
        }
    }
}
