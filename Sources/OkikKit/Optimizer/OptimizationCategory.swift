/// A group of checks with its own 0-100 score. Five are built in; a program may define more.
public struct OptimizationCategory: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The stable kebab-case id used on the command line and in JSON, such as `resource-efficiency`.
    public var id: String
    /// A title for people, such as `Resource efficiency`.
    public var title: String

    /// Creates a category.
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    /// Requests and limits against real usage; node overcommit. Codes OKK-1xx.
    public static let resourceEfficiency = OptimizationCategory(id: "resource-efficiency", title: "Resource efficiency")
    /// Crashing, unschedulable or unready pods and nodes; disruption safety. Codes OKK-2xx.
    public static let availability = OptimizationCategory(id: "availability", title: "Availability & health")
    /// Capacity paid for and not used. Codes OKK-3xx.
    public static let cost = OptimizationCategory(id: "cost", title: "Cost & waste")
    /// Autoscalers and replica counts. Codes OKK-4xx.
    public static let scaling = OptimizationCategory(id: "scaling", title: "Scaling")
    /// Jobs, CronJobs, DaemonSets and StatefulSets doing their work. Codes OKK-5xx.
    public static let workloadHealth = OptimizationCategory(id: "workload-health", title: "Workload health")

    /// The five built-in categories, in report order.
    public static let builtIn: [OptimizationCategory] = [resourceEfficiency, availability, cost, scaling, workloadHealth]

    /// The built-in category with this id.
    public static func builtIn(id: String) -> OptimizationCategory? {
        builtIn.first { $0.id == id }
    }

    /// The id.
    public var description: String { id }

    /// Encodes as its id.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }

    /// Decodes from an id; unknown ids keep the id as title.
    public init(from decoder: any Decoder) throws {
        let id = try decoder.singleValueContainer().decode(String.self)
        self = Self.builtIn(id: id) ?? OptimizationCategory(id: id, title: id)
    }
}
