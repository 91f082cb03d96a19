/// The addresses behind a Service (`core/v1 Endpoints`, named like its Service): what the API server's service proxy
/// forwards to. Deprecated upstream in favour of EndpointSlice, still served and still read by the proxy.
public struct Endpoints: NamespacedResource, Hashable {
    /// `v1, Kind=Endpoints`.
    public static let groupVersionKind = GroupVersionKind(group: "", version: "v1", kind: "Endpoints")
    /// The plural resource name used in URLs.
    public static let resourceName = "endpoints"

    /// Standard object metadata.
    public var metadata: ObjectMeta
    /// Sets of addresses with the ports they serve.
    public var subsets: [Subset]?

    /// Creates the object; every field but `metadata` is optional.
    public init(metadata: ObjectMeta = ObjectMeta(), subsets: [Subset]? = nil) {
        self.metadata = metadata
        self.subsets = subsets
    }

    /// Addresses that share ports.
    public struct Subset: Codable, Sendable, Hashable {
        /// Ready addresses (the only ones the proxy uses).
        public var addresses: [Address]?
        /// Addresses not ready yet.
        public var notReadyAddresses: [Address]?
        /// The ports, named like the Service's.
        public var ports: [Port]?

        /// Creates a value; every field is optional.
        public init(addresses: [Address]? = nil, notReadyAddresses: [Address]? = nil, ports: [Port]? = nil) {
            self.addresses = addresses
            self.notReadyAddresses = notReadyAddresses
            self.ports = ports
        }
    }

    /// One address.
    public struct Address: Codable, Sendable, Hashable {
        /// The IP.
        public var ip: String
        /// A hostname.
        public var hostname: String?
        /// The node hosting it.
        public var nodeName: String?
        /// The object (usually a Pod) behind it.
        public var targetRef: ObjectReference?

        /// Creates a value.
        public init(ip: String, hostname: String? = nil, nodeName: String? = nil, targetRef: ObjectReference? = nil) {
            self.ip = ip
            self.hostname = hostname
            self.nodeName = nodeName
            self.targetRef = targetRef
        }
    }

    /// One port.
    public struct Port: Codable, Sendable, Hashable {
        /// The name, matching the Service port's name (empty or absent for a single unnamed port).
        public var name: String?
        /// The port number.
        public var port: Int
        /// `TCP` (default), `UDP` or `SCTP`.
        public var `protocol`: String?
        /// The application protocol.
        public var appProtocol: String?

        /// Creates a value.
        public init(name: String? = nil, port: Int, protocol: String? = nil, appProtocol: String? = nil) {
            self.name = name
            self.port = port
            self.protocol = `protocol`
            self.appProtocol = appProtocol
        }
    }
}
