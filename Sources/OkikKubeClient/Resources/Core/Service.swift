/// A service (`v1 Service`): a stable address in front of a set of pods.
public struct Service: NamespacedResource, StatusHavingResource, Hashable {
    /// `v1, Kind=Service`.
    public static let groupVersionKind = GroupVersionKind(
        group: "", version: "v1", kind: "Service")
    /// The plural resource name used in URLs.
    public static let resourceName = "services"

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

    /// The desired state of a service.
    public struct Spec: Codable, Sendable, Hashable {
        /// `ClusterIP` (default), `NodePort`, `LoadBalancer` or `ExternalName`.
        public var type: String?
        /// Labels of the pods that back the service.
        public var selector: [String: String]?
        /// Ports the service exposes.
        public var ports: [Port]?
        /// Virtual IP, or `None` for a headless service.
        public var clusterIP: String?
        /// Virtual IPs, one per IP family.
        public var clusterIPs: [String]?
        /// Extra IPs that route to the service.
        public var externalIPs: [String]?
        /// DNS name of an `ExternalName` service.
        public var externalName: String?
        /// Requested load balancer IP (deprecated).
        public var loadBalancerIP: String?
        /// `None` or `ClientIP`.
        public var sessionAffinity: String?
        /// `Cluster` or `Local`.
        public var externalTrafficPolicy: String?
        /// `Cluster` or `Local`.
        public var internalTrafficPolicy: String?
        /// IP families, such as `IPv4`.
        public var ipFamilies: [String]?
        /// `SingleStack`, `PreferDualStack` or `RequireDualStack`.
        public var ipFamilyPolicy: String?
        /// Whether not-ready pods get DNS records.
        public var publishNotReadyAddresses: Bool?

        /// Creates a value; every field is optional.
        public init(
            type: String? = nil,
            selector: [String: String]? = nil,
            ports: [Port]? = nil,
            clusterIP: String? = nil,
            clusterIPs: [String]? = nil,
            externalIPs: [String]? = nil,
            externalName: String? = nil,
            loadBalancerIP: String? = nil,
            sessionAffinity: String? = nil,
            externalTrafficPolicy: String? = nil,
            internalTrafficPolicy: String? = nil,
            ipFamilies: [String]? = nil,
            ipFamilyPolicy: String? = nil,
            publishNotReadyAddresses: Bool? = nil
        ) {
            self.type = type
            self.selector = selector
            self.ports = ports
            self.clusterIP = clusterIP
            self.clusterIPs = clusterIPs
            self.externalIPs = externalIPs
            self.externalName = externalName
            self.loadBalancerIP = loadBalancerIP
            self.sessionAffinity = sessionAffinity
            self.externalTrafficPolicy = externalTrafficPolicy
            self.internalTrafficPolicy = internalTrafficPolicy
            self.ipFamilies = ipFamilies
            self.ipFamilyPolicy = ipFamilyPolicy
            self.publishNotReadyAddresses = publishNotReadyAddresses
        }
    }

    /// A port of a service.
    public struct Port: Codable, Sendable, Hashable {
        /// Port name; required with several ports.
        public var name: String?
        /// `TCP` (default), `UDP` or `SCTP`.
        public var `protocol`: String?
        /// Application protocol hint.
        public var appProtocol: String?
        /// Port the service listens on.
        public var port: Int?
        /// Port number or named container port on the pods.
        public var targetPort: IntOrString?
        /// Port on every node, for `NodePort` and `LoadBalancer`.
        public var nodePort: Int?

        /// Creates a value; every field is optional.
        public init(
            name: String? = nil,
            protocol: String? = nil,
            appProtocol: String? = nil,
            port: Int? = nil,
            targetPort: IntOrString? = nil,
            nodePort: Int? = nil
        ) {
            self.name = name
            self.protocol = `protocol`
            self.appProtocol = appProtocol
            self.port = port
            self.targetPort = targetPort
            self.nodePort = nodePort
        }
    }

    /// The observed state of a service.
    public struct Status: Codable, Sendable, Hashable {
        /// The load balancer, if any.
        public var loadBalancer: LoadBalancerStatus?
        /// Service conditions.
        public var conditions: [Condition]?

        /// Creates a value; every field is optional.
        public init(
            loadBalancer: LoadBalancerStatus? = nil,
            conditions: [Condition]? = nil
        ) {
            self.loadBalancer = loadBalancer
            self.conditions = conditions
        }
    }

    /// The ingress points of a load balancer.
    public struct LoadBalancerStatus: Codable, Sendable, Hashable {
        /// Ingress points.
        public var ingress: [Ingress]?

        /// Creates a value; every field is optional.
        public init(
            ingress: [Ingress]? = nil
        ) {
            self.ingress = ingress
        }
    }

    /// One ingress point of a load balancer.
    public struct Ingress: Codable, Sendable, Hashable {
        /// IP address.
        public var ip: String?
        /// Host name.
        public var hostname: String?

        /// Creates a value; every field is optional.
        public init(
            ip: String? = nil,
            hostname: String? = nil
        ) {
            self.ip = ip
            self.hostname = hostname
        }
    }
}
