/// A horizontal pod autoscaler (`autoscaling/v2 HorizontalPodAutoscaler`): scales a workload on metrics.
public struct HorizontalPodAutoscaler: NamespacedResource, StatusHavingResource, Hashable {
    /// `autoscaling/v2, Kind=HorizontalPodAutoscaler`.
    public static let groupVersionKind = GroupVersionKind(
        group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler")
    /// The plural resource name used in URLs.
    public static let resourceName = "horizontalpodautoscalers"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Desired state.
    public var spec: Spec?
    /// Observed state.
    public var status: Status?

    /// Creates the object; every field but `metadata` is optional.
    public init(
        metadata: ObjectMeta = ObjectMeta(),
        spec: Spec? = nil,
        status: Status? = nil
    ) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The desired state of an autoscaler.
    public struct Spec: Codable, Sendable, Hashable {
        /// The workload to scale.
        public var scaleTargetRef: CrossVersionObjectReference?
        /// Lower replica bound (default 1).
        public var minReplicas: Int?
        /// Upper replica bound.
        public var maxReplicas: Int?
        /// Metrics to scale on; the highest recommendation wins.
        public var metrics: [MetricSpec]?
        /// Scale-up and scale-down behaviour, kept as JSON.
        public var behavior: JSONValue?

        /// Creates a value; every field is optional.
        public init(
            scaleTargetRef: CrossVersionObjectReference? = nil,
            minReplicas: Int? = nil,
            maxReplicas: Int? = nil,
            metrics: [MetricSpec]? = nil,
            behavior: JSONValue? = nil
        ) {
            self.scaleTargetRef = scaleTargetRef
            self.minReplicas = minReplicas
            self.maxReplicas = maxReplicas
            self.metrics = metrics
            self.behavior = behavior
        }
    }

    /// A reference to the scaled or described object.
    public struct CrossVersionObjectReference: Codable, Sendable, Hashable {
        /// Kind, such as `Deployment`.
        public var kind: String?
        /// Name.
        public var name: String?
        /// API version, such as `apps/v1`.
        public var apiVersion: String?

        /// Creates a value; every field is optional.
        public init(
            kind: String? = nil,
            name: String? = nil,
            apiVersion: String? = nil
        ) {
            self.kind = kind
            self.name = name
            self.apiVersion = apiVersion
        }
    }

    /// One metric to scale on; `type` says which source is set.
    public struct MetricSpec: Codable, Sendable, Hashable {
        /// `Resource`, `Pods`, `Object`, `External` or `ContainerResource`.
        public var type: String?
        /// A resource of the pods (cpu, memory).
        public var resource: ResourceMetricSource?
        /// A custom metric of the pods.
        public var pods: PodsMetricSource?
        /// A metric of another object.
        public var object: ObjectMetricSource?
        /// A metric from outside the cluster.
        public var external: ExternalMetricSource?
        /// A resource of one container of the pods.
        public var containerResource: ContainerResourceMetricSource?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            resource: ResourceMetricSource? = nil,
            pods: PodsMetricSource? = nil,
            object: ObjectMetricSource? = nil,
            external: ExternalMetricSource? = nil,
            containerResource: ContainerResourceMetricSource? = nil
        ) {
            self.type = type
            self.resource = resource
            self.pods = pods
            self.object = object
            self.external = external
            self.containerResource = containerResource
        }
    }

    /// A resource metric source.
    public struct ResourceMetricSource: Codable, Sendable, Hashable {
        /// Resource name, such as `cpu`.
        public var name: String?
        /// Target value.
        public var target: MetricTarget?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            target: MetricTarget? = nil
        ) {
            self.name = name
            self.target = target
        }
    }

    /// A pods metric source.
    public struct PodsMetricSource: Codable, Sendable, Hashable {
        /// The metric.
        public var metric: MetricIdentifier?
        /// Target value.
        public var target: MetricTarget?

        /// Creates a value; every field is optional.
        public init(
            metric: MetricIdentifier? = nil,
            target: MetricTarget? = nil
        ) {
            self.metric = metric
            self.target = target
        }
    }

    /// An object metric source.
    public struct ObjectMetricSource: Codable, Sendable, Hashable {
        /// The object the metric describes.
        public var describedObject: CrossVersionObjectReference?
        /// The metric.
        public var metric: MetricIdentifier?
        /// Target value.
        public var target: MetricTarget?

        /// Creates a value; every field is optional.
        public init(
            describedObject: CrossVersionObjectReference? = nil,
            metric: MetricIdentifier? = nil,
            target: MetricTarget? = nil
        ) {
            self.describedObject = describedObject
            self.metric = metric
            self.target = target
        }
    }

    /// An external metric source.
    public struct ExternalMetricSource: Codable, Sendable, Hashable {
        /// The metric.
        public var metric: MetricIdentifier?
        /// Target value.
        public var target: MetricTarget?

        /// Creates a value; every field is optional.
        public init(
            metric: MetricIdentifier? = nil,
            target: MetricTarget? = nil
        ) {
            self.metric = metric
            self.target = target
        }
    }

    /// A container resource metric source.
    public struct ContainerResourceMetricSource: Codable, Sendable, Hashable {
        /// Resource name, such as `cpu`.
        public var name: String?
        /// Container name.
        public var container: String?
        /// Target value.
        public var target: MetricTarget?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            container: String? = nil,
            target: MetricTarget? = nil
        ) {
            self.name = name
            self.container = container
            self.target = target
        }
    }

    /// A metric by name and optional label selector.
    public struct MetricIdentifier: Codable, Sendable, Hashable {
        /// Metric name.
        public var name: String?
        /// Narrows the metric by labels.
        public var selector: LabelSelector?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            selector: LabelSelector? = nil
        ) {
            self.name = name
            self.selector = selector
        }
    }

    /// The target value of a metric.
    public struct MetricTarget: Codable, Sendable, Hashable {
        /// `Utilization`, `Value` or `AverageValue`.
        public var type: String?
        /// Target value of the metric.
        public var value: Quantity?
        /// Target value averaged over the pods.
        public var averageValue: Quantity?
        /// Target percentage of the pods' requests.
        public var averageUtilization: Int?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            value: Quantity? = nil,
            averageValue: Quantity? = nil,
            averageUtilization: Int? = nil
        ) {
            self.type = type
            self.value = value
            self.averageValue = averageValue
            self.averageUtilization = averageUtilization
        }
    }

    /// The observed state of an autoscaler.
    public struct Status: Codable, Sendable, Hashable {
        /// The generation the autoscaler last acted on.
        public var observedGeneration: Int?
        /// When the target was last scaled.
        public var lastScaleTime: Timestamp?
        /// Current replica count.
        public var currentReplicas: Int?
        /// Replica count the autoscaler wants.
        public var desiredReplicas: Int?
        /// Last read values of the metrics.
        public var currentMetrics: [MetricStatus]?
        /// `AbleToScale`, `ScalingActive`, `ScalingLimited`.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            observedGeneration: Int? = nil,
            lastScaleTime: Timestamp? = nil,
            currentReplicas: Int? = nil,
            desiredReplicas: Int? = nil,
            currentMetrics: [MetricStatus]? = nil,
            conditions: [Condition]? = nil
        ) {
            self.observedGeneration = observedGeneration
            self.lastScaleTime = lastScaleTime
            self.currentReplicas = currentReplicas
            self.desiredReplicas = desiredReplicas
            self.currentMetrics = currentMetrics
            self.conditions = conditions
        }
    }

    /// The current value of one metric; `type` says which source is set.
    public struct MetricStatus: Codable, Sendable, Hashable {
        /// `Resource`, `Pods`, `Object`, `External` or `ContainerResource`.
        public var type: String?
        /// A resource of the pods.
        public var resource: ResourceMetricStatus?
        /// A custom metric of the pods.
        public var pods: PodsMetricStatus?
        /// A metric of another object.
        public var object: ObjectMetricStatus?
        /// A metric from outside the cluster.
        public var external: ExternalMetricStatus?
        /// A resource of one container of the pods.
        public var containerResource: ContainerResourceMetricStatus?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            resource: ResourceMetricStatus? = nil,
            pods: PodsMetricStatus? = nil,
            object: ObjectMetricStatus? = nil,
            external: ExternalMetricStatus? = nil,
            containerResource: ContainerResourceMetricStatus? = nil
        ) {
            self.type = type
            self.resource = resource
            self.pods = pods
            self.object = object
            self.external = external
            self.containerResource = containerResource
        }
    }

    /// The current value of a resource metric.
    public struct ResourceMetricStatus: Codable, Sendable, Hashable {
        /// Resource name.
        public var name: String?
        /// Current value.
        public var current: MetricValueStatus?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            current: MetricValueStatus? = nil
        ) {
            self.name = name
            self.current = current
        }
    }

    /// The current value of a pods metric.
    public struct PodsMetricStatus: Codable, Sendable, Hashable {
        /// The metric.
        public var metric: MetricIdentifier?
        /// Current value.
        public var current: MetricValueStatus?

        /// Creates a value; every field is optional.
        public init(
            metric: MetricIdentifier? = nil,
            current: MetricValueStatus? = nil
        ) {
            self.metric = metric
            self.current = current
        }
    }

    /// The current value of an object metric.
    public struct ObjectMetricStatus: Codable, Sendable, Hashable {
        /// The object the metric describes.
        public var describedObject: CrossVersionObjectReference?
        /// The metric.
        public var metric: MetricIdentifier?
        /// Current value.
        public var current: MetricValueStatus?

        /// Creates a value; every field is optional.
        public init(
            describedObject: CrossVersionObjectReference? = nil,
            metric: MetricIdentifier? = nil,
            current: MetricValueStatus? = nil
        ) {
            self.describedObject = describedObject
            self.metric = metric
            self.current = current
        }
    }

    /// The current value of an external metric.
    public struct ExternalMetricStatus: Codable, Sendable, Hashable {
        /// The metric.
        public var metric: MetricIdentifier?
        /// Current value.
        public var current: MetricValueStatus?

        /// Creates a value; every field is optional.
        public init(
            metric: MetricIdentifier? = nil,
            current: MetricValueStatus? = nil
        ) {
            self.metric = metric
            self.current = current
        }
    }

    /// The current value of a container resource metric.
    public struct ContainerResourceMetricStatus: Codable, Sendable, Hashable {
        /// Resource name.
        public var name: String?
        /// Container name.
        public var container: String?
        /// Current value.
        public var current: MetricValueStatus?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            container: String? = nil,
            current: MetricValueStatus? = nil
        ) {
            self.name = name
            self.container = container
            self.current = current
        }
    }

    /// The current value of a metric.
    public struct MetricValueStatus: Codable, Sendable, Hashable {
        /// Current value.
        public var value: Quantity?
        /// Current value averaged over the pods.
        public var averageValue: Quantity?
        /// Current percentage of the pods' requests.
        public var averageUtilization: Int?

        /// Creates a value; every field is optional.
        public init(
            value: Quantity? = nil,
            averageValue: Quantity? = nil,
            averageUtilization: Int? = nil
        ) {
            self.value = value
            self.averageValue = averageValue
            self.averageUtilization = averageUtilization
        }
    }
}
